import { runConformanceSuite, type TruthEvent } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { createCircleCI, type CircleCIClient } from "./create-circleci.js";
import * as fx from "./__fixtures__/index.js";

const BASE = "https://circleci.conformance.test/api/v2";
const serve = (base: string, pipelines: readonly object[], workflowsByPipeline: Record<string, object[]>) => [
  http.get(`${base}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(pipelines))),
  http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
    const items = workflowsByPipeline[String(params.id)];
    return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
  }),
];

type Wf = { id: string; name: string; status?: string | null; stopped_at?: string | null };
type Pl = { id: string; trigger_parameters?: Record<string, unknown> };
/**
 * The deploys a scenario holds, read straight off the fixtures by the documented rule (a
 * finished run of deploy-<service> in a pipeline whose env parameter is the env: `success` is
 * a deploy, `failed` / `error` a failed deploy, at `stopped_at`), independent of the walker.
 */
function deployTruth(pipelines: readonly Pl[], workflowsByPipeline: Record<string, object[]>, env: string): TruthEvent[] {
  return pipelines.flatMap((p) => {
    const own = String(p.trigger_parameters?.env ?? "").trim().toLowerCase();
    if (own !== env) return [];
    return ((workflowsByPipeline[p.id] ?? []) as Wf[]).flatMap((w): TruthEvent[] => {
      if (w.name !== "deploy-checkout" || !w.stopped_at) return [];
      if (w.status === "success") return [{ id: w.id, provider: "circleci", kind: "deploy", start: new Date(w.stopped_at).toISOString(), env }];
      if (w.status === "failed" || w.status === "error") return [{ id: w.id, provider: "circleci", kind: "deploy-failed", start: new Date(w.stopped_at).toISOString(), env }];
      return [];
    });
  });
}

runConformanceSuite<CircleCIClient>({
  name: "CircleCI",
  baseUrl: BASE,
  secret: "CCIPAT_Conf0rmanceCanary_0123456789abcdef0123456789abcdef01234567",
  create: ({ baseUrl, secret, runtime }) => createCircleCI({ token: secret, baseUrl, ...runtime }),
  authHeaders: { "circle-token": "CCIPAT_Conf0rmanceCanary_0123456789abcdef0123456789abcdef01234567" },
  get: {
    path: "/me",
    body: fx.user,
    driftBody: { id: fx.USER_ID, login: 42 },
    call: (client, signal) => client.me(signal ? { signal } : {}),
  },
  list: {
    path: "/project/gh/acme/checkout/pipeline",
    call: (client) => client.listPipelines("gh/acme/checkout").toArray(),
    // The same cursor forever (mondoohq/mql #9672).
    loopingPage: () => ({ body: fx.page([fx.pipelines[0]], "same-cursor") }),
  },
  partialFind: {
    keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
    handlers: (base) => [
      http.get(`${base}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
      http.get(`${base}/context`, () => HttpResponse.json(fx.page(fx.contexts))),
      http.get(`${base}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
        // The newest pipeline's workflows stay unavailable past the retries.
        if (params.id === fx.pipelines[0]!.id) return HttpResponse.json({ message: "unavailable" }, { status: 503 });
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    ],
    call: (client, keys) => client.correlator.find(keys),
    lookup: /^workflows of pipeline #1207 \(gh\/acme\/checkout\)$/,
  },
  events: {
    keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
    since: new Date("2026-02-27T00:00:00.000Z"),
    until: new Date("2026-03-02T12:00:00.000Z"),
    provider: "circleci",
    handlers: (base) => [
      http.get(`${base}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    ],
    call: (client, keys, options) => client.correlator.events(keys, options),
  },
  eventsTruth: {
    call: (client, keys, options) => client.correlator.events(keys, options),
    scenarios: (["prod", "staging"] as const).flatMap((env) =>
      [
        { name: `every ${env} deploy of the fixtures' four days`, since: "2026-02-27T00:00:00.000Z", until: "2026-03-02T12:00:00.000Z" },
        { name: `${env} deploys of one afternoon (window edges inside the fixtures)`, since: "2026-03-01T12:00:00.000Z", until: "2026-03-02T09:00:00.000Z" },
      ].map((window) => ({
        name: window.name,
        keys: { service: "checkout", env, repo: "gh/acme/checkout" },
        since: new Date(window.since),
        until: new Date(window.until),
        truth: deployTruth(fx.pipelines as Pl[], fx.workflowsByPipeline, env),
        handlers: (base: string) => serve(base, fx.pipelines, fx.workflowsByPipeline),
        complete: true,
      })),
    ),
  },
  oddIdentifiers: {
    keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
    since: new Date("2026-02-27T00:00:00.000Z"),
    until: new Date("2026-03-02T12:00:00.000Z"),
    handlers: (base, id) => {
      const pipeline = { ...fx.pipelines[0]!, id: `p-${id}`, vcs: { ...fx.pipelines[0]!.vcs, revision: id, branch: id } };
      const workflows = (fx.workflowsByPipeline[fx.pipelines[0]!.id] ?? []).map((w) => ({ ...(w as object), id, pipeline_id: pipeline.id }));
      return [
        http.get(`${base}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
        http.get(`${base}/context`, () => HttpResponse.json(fx.page(fx.contexts.map((c) => ({ ...c, id, name: id }))))),
        http.get(`${base}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page([pipeline]))),
        // Any pipeline id: the workflow list of the odd pipeline (the path is encoded, so match broadly).
        http.get(`${base}/pipeline/*`, () => HttpResponse.json(fx.page(workflows))),
      ];
    },
    find: (client, keys) => client.correlator.find(keys),
    events: (client, keys, options) => client.correlator.events(keys, options),
  },
  pages: {
    provider: "circleci",
    reader: (client) => client.correlator.pages,
    // Not cloud: the web app is on the API's own host (as for CircleCI Server).
    pages: (() => {
      const app = "https://circleci.conformance.test/pipelines/github/acme/checkout";
      const workflow = (fx.workflowsByPipeline[fx.pipelines[0]!.id] as { id: string }[])[0]!.id;
      return [
        { url: app, kind: "project" as const },
        { url: `${app}/1207`, kind: "pipeline" as const },
        { url: `${app}/1207/workflows/${workflow}`, kind: "workflow" as const },
        { url: `${app}/1207/workflows/${workflow}/jobs/4512`, kind: "job" as const },
      ];
    })(),
    handlers: (base) => [
      http.get(`${base}/project/gh/acme/checkout/pipeline/1207`, () => HttpResponse.json(fx.pipelines[0])),
      http.get(`${base}/workflow/:id`, ({ params }) => HttpResponse.json((fx.workflowsByPipeline[fx.pipelines[0]!.id] as { id: string }[]).find((w) => w.id === params.id) ?? { message: "Workflow not found" }, { status: (fx.workflowsByPipeline[fx.pipelines[0]!.id] as { id: string }[]).some((w) => w.id === params.id) ? 200 : 404 })),
      http.get(`${base}/project/gh/acme/checkout/job/4512`, () => HttpResponse.json(fx.jobDetails)),
    ],
  },
  verify: {
    handlers: (base) => [http.get(`${base}/me`, () => HttpResponse.json(fx.user))],
    create: ({ baseUrl, secret, runtime, expiresAt, createdAt }) =>
      createCircleCI({
        token: secret,
        baseUrl,
        ...(expiresAt ? { tokenExpiresAt: expiresAt } : {}),
        ...(createdAt ? { tokenCreatedAt: createdAt } : {}),
        ...runtime,
      }),
    call: (client, options) => client.verify(options),
  },
});
