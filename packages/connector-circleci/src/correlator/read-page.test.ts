import { useMswServer } from "@toolweave/core/testing";
import { AbortedError, createCallMemo, type PageReading } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "../__fixtures__/index.js";
import { parseProjectSlug } from "../project-slug.js";
import { BASE, testClient } from "../test-utils.js";

const { server, requests } = useMswServer();

const APP = "https://app.circleci.com";
const SERVER_APP = "https://circleci.example.com";
const SERVER_BASE = `${SERVER_APP}/api/v2`;
const OPAQUE = fx.opaqueProject.slug;
const [P1207] = fx.pipelines;
const PIPELINE_ID = P1207!.id;
const [BUILD_API, DEPLOY_FAILED] = fx.workflowsByPipeline[PIPELINE_ID] as { id: string; name: string }[];

const read = (url: string, options?: Parameters<ReturnType<typeof testClient>["correlator"]["pages"]["read"]>[1], client = testClient({ retry: false })) =>
  client.correlator.pages.read(new URL(url), options);
const focusOf = (reading: PageReading | undefined) => {
  if (!reading?.ok) throw new Error(`expected a focus, got ${JSON.stringify(reading)}`);
  return reading;
};

/** Handlers for the lookups of pipeline #1207 of gh/acme/checkout and its workflows, on `base`. */
function pipelineHandlers(base = BASE) {
  const workflows = fx.workflowsByPipeline[PIPELINE_ID] as { id: string }[];
  return [
    http.get(`${base}/project/gh/acme/checkout/pipeline/1207`, () => HttpResponse.json(P1207)),
    http.get(`${base}/workflow/:id`, ({ params }) => {
      const found = workflows.find((w) => w.id === params.id);
      return found ? HttpResponse.json(found) : HttpResponse.json({ message: "Workflow not found" }, { status: 404 });
    }),
  ];
}

describe("correlator.pages.origins", () => {
  it("is the web app's origin: app.circleci.com on cloud, the Server host, or the configured appUrl", async () => {
    expect(await testClient().correlator.pages.origins()).toEqual([APP]);
    expect(await testClient({ baseUrl: SERVER_BASE }).correlator.pages.origins()).toEqual([SERVER_APP]);
    expect(await testClient({ baseUrl: SERVER_BASE, appUrl: "https://CI-UI.example.com/" }).correlator.pages.origins()).toEqual(["https://ci-ui.example.com"]);
  });
});

describe("correlator.pages.read: project pages (no lookup)", () => {
  // Page shapes as CircleCI's docs show them: pipelines (https://circleci.com/docs/pipelines/),
  // project slugs github/bitbucket/gh/bb/circleci (https://circleci.com/docs/api-developers-guide/),
  // project settings (https://circleci.com/docs/set-environment-variable/), insights (https://circleci.com/docs/insights/).
  const cases: [url: string, repo: string, extra: Record<string, unknown>][] = [
    [`${APP}/pipelines/github/acme/checkout`, "gh/acme/checkout", {}],
    [`${APP}/pipelines/github/acme/checkout/`, "gh/acme/checkout", {}],
    [`${APP}/pipelines/gh/acme/checkout`, "gh/acme/checkout", {}],
    [`${APP}/pipelines/bitbucket/acme/checkout?branch=main`, "bb/acme/checkout", { branch: "main" }],
    [`${APP}/pipelines/bb/acme/checkout#latest`, "bb/acme/checkout", {}],
    [`https://APP.CircleCI.COM/pipelines/GitHub/acme/checkout?branch=feature%2Fcart&filter=all`, "gh/acme/checkout", { branch: "feature/cart" }],
    [`${APP}/pipelines/github/acme%2Dinc/checkout`, "gh/acme-inc/checkout", {}],
    [`${APP}/pipelines/${OPAQUE}`, OPAQUE, {}],
    [`${APP}/settings/project/github/acme/checkout`, "gh/acme/checkout", {}],
    [`${APP}/settings/project/github/acme/checkout/environment-variables`, "gh/acme/checkout", {}],
    [`${APP}/settings/project/${OPAQUE}/triggers`, OPAQUE, {}],
    [`${APP}/insights/github/acme/checkout/workflows/build-api/overview?branch=main&reporting-window=last-30-days`, "gh/acme/checkout", { branch: "main", workflowName: "build-api" }],
  ];
  it.each(cases)("%s → project %s", async (url, repo, extra) => {
    const { focus, incomplete } = focusOf(await read(url));
    const parsed = new URL(url);
    expect(focus).toMatchObject({ provider: "circleci", kind: "project", id: repo, keys: { repo }, url: `${parsed.origin}${parsed.pathname}` });
    expect(focus.attributes).toEqual({ ...(repo.startsWith("circleci/") ? {} : { repoName: repo.split("/")[2] }), ...extra });
    expect(incomplete).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("labels the project, and reads the keys an insights workflow name carries", async () => {
    expect(focusOf(await read(`${APP}/pipelines/github/acme/checkout`)).focus.label).toBe("project gh/acme/checkout");
    const { focus } = focusOf(await read(`${APP}/insights/github/acme/checkout/workflows/deploy-checkout`));
    expect(focus.keys).toEqual({ service: "checkout", repo: "gh/acme/checkout" });
    expect(focus.label).toBe("workflow deploy-checkout of gh/acme/checkout");
  });

  it("drops the query, fragment and credentials from focus.url", async () => {
    const { focus } = focusOf(await read("https://user:pass@app.circleci.com/pipelines/github/acme/checkout/?branch=main#top"));
    expect(focus.url).toBe("https://app.circleci.com/pipelines/github/acme/checkout/");
  });
});

describe("correlator.pages.read: URLs on the app that are not pages it reads", () => {
  const cases: [url: string, mentions?: RegExp][] = [
    [`${APP}/pipelines/github/acme`, /organization/],
    [`${APP}/pipelines/github/acme/`, /organization/],
    [`${APP}/pipelines`],
    [`${APP}/`],
    [`${APP}/projects`],
    [`${APP}/projects/project-setup/github/acme/checkout`],
    // Contexts live in organization settings (https://circleci.com/docs/contexts/).
    [`${APP}/settings/organization/github/acme/contexts`],
    [`${APP}/settings/user/tokens`],
    [`${APP}/pipelines/gitlab/acme/checkout`, /not a CircleCI project slug/],
    [`${APP}/pipelines/github/acme%20inc/checkout`, /not a CircleCI project slug/],
    [`${APP}/pipelines/github/acme%2Finc/checkout`, /not a CircleCI project slug/],
    // The URL parser resolves `%2E%2E` away: this is `/pipelines/checkout`.
    [`${APP}/pipelines/github/%2E%2E/checkout`],
    [`${APP}/pipelines/github/acme%E0%A4%A/checkout`, /malformed percent-escape/],
    [`${APP}/pipelines/github/acme/check%ZZout`, /malformed percent-escape/],
    [`${APP}/pipelines/github/acme/checkout/latest`, /not a number/],
    [`${APP}/pipelines/github/acme/checkout/0`, /not a number/],
    [`${APP}/pipelines/github/acme/checkout/1e3`, /not a number/],
    [`${APP}/pipelines/github/acme/checkout/99999999999999999999`, /not a number/],
    [`${APP}/pipelines/github/acme/checkout/1207/workflows`],
    [`${APP}/pipelines/github/acme/checkout/1207/config`],
    [`${APP}/pipelines/github/acme/checkout/1207/workflows/%3Cscript%3E`, /not a CircleCI workflow id/],
    [`${APP}/pipelines/github/acme/checkout/1207/workflows/${BUILD_API!.id}/jobs`],
    [`${APP}/pipelines/github/acme/checkout/1207/workflows/${BUILD_API!.id}/jobs/approval`],
    [`${APP}/pipelines/github/acme/checkout/1207/workflows/${BUILD_API!.id}/tests`],
  ];
  it.each(cases)("%s → { ok: false } naming the pages it reads", async (url, mentions) => {
    const reading = await read(url);
    expect(reading?.ok).toBe(false);
    const reason = reading && !reading.ok ? reading.reason : "";
    expect(reason).toMatch(/toolweave reads CircleCI project, pipeline, workflow and job pages/);
    if (mentions) expect(reason).toMatch(mentions);
    // The URL's own text is never echoed.
    expect(reason).not.toMatch(/acme|%|script/);
    expect(requests).toEqual([]);
  });
});

describe("correlator.pages.read: URLs that are not on the app", () => {
  const cases = [
    "https://github.com/acme/checkout",
    "http://app.circleci.com/pipelines/github/acme/checkout",
    "https://app.circleci.com:8443/pipelines/github/acme/checkout",
    "https://app.circleci.com.evil.example/pipelines/github/acme/checkout",
    "https://circleci.com/docs/workflows/",
    "https://circleci.com/blog/",
    "https://circleci.com/",
    "https://circleci.com/%E0%A4%A",
    `${SERVER_APP}/pipelines/github/acme/checkout`,
  ];
  it.each(cases)("%s → undefined on cloud", async (url) => {
    expect(await read(url)).toBeUndefined();
  });
  it("reads neither app.circleci.com nor legacy circleci.com links with a Server client", async () => {
    const client = testClient({ baseUrl: SERVER_BASE, retry: false });
    expect(await read(`${APP}/pipelines/github/acme/checkout`, undefined, client)).toBeUndefined();
    expect(await read("https://circleci.com/gh/acme/checkout/4512", undefined, client)).toBeUndefined();
  });
  it("reads only under the configured appUrl's path", async () => {
    const client = testClient({ baseUrl: SERVER_BASE, appUrl: `${SERVER_APP}/ui/` });
    expect(await read(`${SERVER_APP}/pipelines/github/acme/checkout`, undefined, client)).toBeUndefined();
    expect(await read(`${SERVER_APP}/uix/pipelines/github/acme/checkout`, undefined, client)).toBeUndefined();
    expect(focusOf(await read(`${SERVER_APP}/ui/pipelines/github/acme/checkout`, undefined, client)).focus.keys).toEqual({ repo: "gh/acme/checkout" });
  });
});

describe("correlator.pages.read: pipeline, workflow and job pages (looked up)", () => {
  it("reads a pipeline page's keys, revision, branch and time from the pipeline", async () => {
    server.use(...pipelineHandlers());
    const reading = focusOf(await read(`${APP}/pipelines/github/acme/checkout/1207?branch=main`));
    expect(reading).toEqual({
      ok: true,
      focus: {
        provider: "circleci",
        kind: "pipeline",
        id: "1207",
        label: "pipeline #1207 of gh/acme/checkout",
        url: `${APP}/pipelines/github/acme/checkout/1207`,
        keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
        attributes: { repoName: "checkout", pipelineNumber: 1207, sha: P1207!.vcs!.revision, branch: "main", at: P1207!.created_at },
      },
      incomplete: [],
    });
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/api/v2/project/gh/acme/checkout/pipeline/1207"]);
  });

  it("reads a workflow page's name: the deploy workflow names the service", async () => {
    server.use(...pipelineHandlers());
    const { focus, incomplete } = focusOf(await read(`${APP}/pipelines/github/acme/checkout/1207/workflows/${DEPLOY_FAILED!.id}`));
    expect(incomplete).toEqual([]);
    expect(focus).toMatchObject({
      kind: "workflow",
      id: DEPLOY_FAILED!.id,
      label: "workflow deploy-checkout of pipeline #1207 (gh/acme/checkout)",
      keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
      attributes: { pipelineNumber: 1207, workflowId: DEPLOY_FAILED!.id, workflowName: "deploy-checkout", sha: P1207!.vcs!.revision, branch: "main" },
    });
  });

  it("reads a job page (and its tabs) with its workflow and pipeline", async () => {
    server.use(...pipelineHandlers());
    for (const tail of ["", "/", "/tests", "/artifacts", "/parallel-runs/0?filterBy=ALL"]) {
      const { focus, incomplete } = focusOf(await read(`${APP}/pipelines/github/acme/checkout/1207/workflows/${BUILD_API!.id}/jobs/4512${tail}`));
      expect(incomplete).toEqual([]);
      expect(focus).toMatchObject({
        kind: "job",
        id: "4512",
        label: "job #4512 of pipeline #1207 (gh/acme/checkout)",
        keys: { service: "checkout", env: "prod", component: "api", repo: "gh/acme/checkout" },
        attributes: { pipelineNumber: 1207, workflowId: BUILD_API!.id, workflowName: "build-api", jobNumber: 4512 },
      });
    }
  });

  it("reads a legacy circleci.com job link on cloud through the job's details", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/job/4512`, () => HttpResponse.json(fx.jobDetails)),
      http.get(`${BASE}/pipeline/${PIPELINE_ID}`, () => HttpResponse.json(P1207)),
    );
    const { focus, incomplete } = focusOf(await read("https://circleci.com/gh/acme/checkout/4512#tests/containers/0"));
    expect(incomplete).toEqual([]);
    expect(focus).toEqual({
      provider: "circleci",
      kind: "job",
      id: "4512",
      label: "job #4512 of gh/acme/checkout",
      url: "https://circleci.com/gh/acme/checkout/4512",
      keys: { service: "checkout", env: "prod", component: "api", repo: "gh/acme/checkout" },
      attributes: {
        repoName: "checkout",
        pipelineNumber: 1207,
        sha: P1207!.vcs!.revision,
        branch: "main",
        at: P1207!.created_at,
        workflowId: BUILD_API!.id,
        workflowName: "build-api",
        jobNumber: 4512,
      },
    });
  });

  it("reads legacy circleci.com project links without a lookup, and refuses their other pages", async () => {
    expect(focusOf(await read("https://circleci.com/gh/acme/checkout")).focus).toMatchObject({ kind: "project", keys: { repo: "gh/acme/checkout" } });
    expect(focusOf(await read("https://circleci.com/bb/acme/checkout/tree/feature%2Fcart")).focus).toMatchObject({
      kind: "project",
      keys: { repo: "bb/acme/checkout" },
      attributes: { branch: "feature/cart" },
    });
    expect(await read("https://circleci.com/gh/acme")).toMatchObject({ ok: false });
    expect(await read("https://circleci.com/gh/acme/checkout/4512/artifacts")).toMatchObject({ ok: false });
    expect(requests).toEqual([]);
  });

  it("reads pages on a CircleCI Server host, looking them up on its API", async () => {
    server.use(...pipelineHandlers(SERVER_BASE));
    const client = testClient({ baseUrl: SERVER_BASE, appUrl: SERVER_APP, retry: false });
    const { focus, incomplete } = focusOf(await read(`https://CircleCI.Example.com/pipelines/github/acme/checkout/1207/workflows/${DEPLOY_FAILED!.id}/`, undefined, client));
    expect(incomplete).toEqual([]);
    expect(focus).toMatchObject({ kind: "workflow", url: `${SERVER_APP}/pipelines/github/acme/checkout/1207/workflows/${DEPLOY_FAILED!.id}/`, keys: { service: "checkout", repo: "gh/acme/checkout" } });
    expect(requests.every((r) => r.url.startsWith(`${SERVER_BASE}/`))).toBe(true);
  });
});

describe("correlator.pages.read: failed lookups", () => {
  it("reports a pipeline it cannot read (404) as incomplete and keeps what the URL said", async () => {
    server.use(http.get(`${BASE}/project/gh/acme/checkout/pipeline/1207`, () => HttpResponse.json(fx.projectNotFound, { status: 404 })));
    const reading = focusOf(await read(`${APP}/pipelines/github/acme/checkout/1207`));
    expect(reading.focus).toMatchObject({ kind: "pipeline", id: "1207", keys: { repo: "gh/acme/checkout" }, attributes: { repoName: "checkout", pipelineNumber: 1207 } });
    expect(reading.focus.keys).toEqual({ repo: "gh/acme/checkout" });
    expect(reading.incomplete).toEqual([
      { lookup: "pipeline #1207 of gh/acme/checkout", error: expect.objectContaining({ kind: "not_found", status: 404 }), retryable: false },
    ]);
  });

  it("reports each lookup of a workflow page that failed (401, network), never rejecting", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline/1207`, () => HttpResponse.json(fx.invalidToken, { status: 401 })),
      http.get(`${BASE}/workflow/:id`, () => HttpResponse.error()),
    );
    const { focus, incomplete } = focusOf(await read(`${APP}/pipelines/github/acme/checkout/1207/workflows/${DEPLOY_FAILED!.id}`));
    expect(focus).toMatchObject({ kind: "workflow", label: `workflow ${DEPLOY_FAILED!.id} of pipeline #1207 (gh/acme/checkout)`, keys: { repo: "gh/acme/checkout" } });
    expect(focus.attributes).toEqual({ repoName: "checkout", pipelineNumber: 1207, workflowId: DEPLOY_FAILED!.id });
    expect(incomplete.map((p) => [p.lookup, p.error.kind])).toEqual([
      ["pipeline #1207 of gh/acme/checkout", "authentication"],
      [`workflow ${DEPLOY_FAILED!.id} of pipeline #1207 of gh/acme/checkout`, "network"],
    ]);
    expect(JSON.stringify(incomplete)).not.toContain("CCIPAT_");
  });

  it("reports a legacy job whose details cannot be read, and makes no further lookup", async () => {
    server.use(http.get(`${BASE}/project/gh/acme/checkout/job/4512`, () => HttpResponse.json({ message: "Job not found" }, { status: 404 })));
    const { focus, incomplete } = focusOf(await read("https://circleci.com/gh/acme/checkout/4512"));
    expect(focus.attributes).toEqual({ repoName: "checkout", jobNumber: 4512 });
    expect(incomplete.map((p) => p.lookup)).toEqual(["job #4512 of gh/acme/checkout"]);
    expect(requests).toHaveLength(1);
  });
});

describe("correlator.pages.read: cancellation and the answer's memo", () => {
  it("rejects with AbortedError when the caller's signal has aborted, even for a page without lookups", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const early = await read(`${APP}/pipelines/github/acme/checkout`, { signal: controller.signal }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(early)).toBe(true);
  });

  it("rejects with AbortedError when the caller aborts during a lookup, instead of reporting it as incomplete", async () => {
    const controller = new AbortController();
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline/1207`, () => {
        controller.abort(new Error("stop"));
        return new Promise<Response>(() => {});
      }),
      http.get(`${BASE}/workflow/:id`, () => new Promise<Response>(() => {})),
    );
    const during = await read(`${APP}/pipelines/github/acme/checkout/1207/workflows/${DEPLOY_FAILED!.id}`, { signal: controller.signal }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(during), String(during)).toBe(true);
  });

  it("reads a pipeline once for every page of one answer that shares its memo", async () => {
    server.use(...pipelineHandlers());
    const memo = createCallMemo();
    const client = testClient({ retry: false });
    await read(`${APP}/pipelines/github/acme/checkout/1207`, { memo }, client);
    await read(`${APP}/pipelines/github/acme/checkout/1207/workflows/${BUILD_API!.id}`, { memo }, client);
    await read(`${APP}/pipelines/github/acme/checkout/1207/workflows/${BUILD_API!.id}/jobs/4512`, { memo }, client);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/api/v2/project/gh/acme/checkout/pipeline/1207", `/api/v2/workflow/${BUILD_API!.id}`]);
  });
});

describe("correlator.pages.read: the inverse of client.links", () => {
  const slugs = ["gh/acme/checkout", "bb/acme/checkout", "github/acme-inc/check.out_2", OPAQUE];
  for (const [name, settings] of [
    ["cloud", {}],
    ["CircleCI Server", { baseUrl: SERVER_BASE, appUrl: SERVER_APP }],
  ] as const) {
    it(`reads back every deep link the builders give (${name})`, async () => {
      // Any pipeline and workflow: the lookups are not what this test is about.
      server.use(
        http.get("*/project/:vcs/:org/:repo/pipeline/:n", ({ params }) => HttpResponse.json({ ...P1207, number: Number(params.n) })),
        http.get("*/workflow/:id", ({ params }) => HttpResponse.json({ ...BUILD_API, id: params.id })),
      );
      const client = testClient({ ...settings, retry: false });
      const { links } = client;
      for (const input of slugs) {
        const repo = parseProjectSlug(input).slug;
        const check = async (url: string, kind: string, id: string, attributes: Record<string, unknown>) => {
          const reading = focusOf(await read(url, undefined, client));
          expect(reading.incomplete).toEqual([]);
          expect(reading.focus).toMatchObject({ kind, id, url, keys: { repo }, attributes });
        };
        await check(links.project(input), "project", repo, {});
        await check(links.pipeline(input, 1207), "pipeline", "1207", { pipelineNumber: 1207 });
        await check(links.workflow(input, 1207, BUILD_API!.id), "workflow", BUILD_API!.id, { pipelineNumber: 1207, workflowId: BUILD_API!.id });
        await check(links.job(input, 1207, BUILD_API!.id, 4512), "job", "4512", { pipelineNumber: 1207, workflowId: BUILD_API!.id, jobNumber: 4512 });
      }
      // A context is an organization settings page: on the app, but not a page it reads.
      expect(await read(links.context("gh/acme", fx.contexts[0]!.id), undefined, client)).toMatchObject({ ok: false });
      // A commit link is on the VCS host: not CircleCI's to read.
      expect(await read(links.commit(fx.project.vcs_info.vcs_url, P1207!.vcs!.revision)!, undefined, client)).toBeUndefined();
    });
  }
});
