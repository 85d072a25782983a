import { useMswServer } from "@toolweave/core/testing";
import { InvalidInputError, normalizeKeys } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CircleCIResource } from "./correlator/ports.js";
import { createDeepLinks } from "./deep-links.js";
import * as fx from "./__fixtures__/index.js";
import { BASE, testClient } from "./test-utils.js";
import { pipelineSchema } from "./schemas/pipeline.js";
import { workflowSchema } from "./schemas/workflow.js";

const { server } = useMswServer();
const APP = "https://app.circleci.com";
const links = createDeepLinks(APP);

/** Strings a server may send where the spec says "string" (ids are documented as UUIDs, nothing enforces it). */
const ODD = [
  "",
  " ",
  ".",
  "..",
  "../../etc/passwd",
  "a/b?c#d",
  "%zz%",
  "a b\tc",
  "名前-ü",
  "line\nbreak",
  "\u0000nul",
  "\ud800", // a lone surrogate: encodeURIComponent throws URIError on it
  "x\udc00y",
  "null",
  "NaN",
  "-1",
  "9".repeat(400),
  "x".repeat(5000),
];
const ODD_NUMBERS = [-1, 0, 2 ** 53 + 2, 1e21];
/** Pipeline numbers a response can carry (the schema takes safe integers only). */
const ODD_PIPELINE_NUMBERS = [-1, 0, Number.MAX_SAFE_INTEGER];

/** An absolute URL that parses to itself: nothing in it is resolved away (`..`) or re-encoded. */
function expectStableUrl(url: unknown, where: string) {
  expect(typeof url === "string" && URL.canParse(url) && new URL(url).href === url && /^https:\/\//.test(url), `${where}: ${String(url).slice(0, 120)}`).toBe(true);
}

describe("deep links", () => {
  it.each(ODD.map((id) => [JSON.stringify(id.slice(0, 20)), id]))("never throw on the id %s, and keep it one path segment", (_label, id) => {
    const workflow = links.workflow("gh/acme/checkout", 1207, id);
    const job = links.job("gh/acme/checkout", 1207, id, 4512);
    const context = links.context("gh/acme", id);
    for (const url of [workflow, job, context]) expectStableUrl(url, JSON.stringify(id.slice(0, 20)));
    if (id === "" || id === "." || id === "..") {
      // Cannot be a path segment: the page that holds it.
      expect(workflow).toBe(`${APP}/pipelines/github/acme/checkout/1207`);
      expect(job).toBe(`${APP}/pipelines/github/acme/checkout/1207`);
      expect(context).toBe(`${APP}/settings/organization/github/acme/contexts`);
    } else {
      const segments = new URL(workflow).pathname.split("/");
      expect(segments.slice(0, -1)).toEqual(["", "pipelines", "github", "acme", "checkout", "1207", "workflows"]);
      expect(decodeURIComponent(segments.at(-1)!)).toBe(id.replace(/[\ud800-\udfff]/g, "\ufffd"));
      expect(job).toBe(`${workflow}/jobs/4512`);
    }
  });

  it.each(ODD_NUMBERS)("never throw on the pipeline number %s", (n) => {
    for (const url of [links.pipeline("gh/acme/checkout", n), links.workflow("gh/acme/checkout", n, "fda08377-fe7e-46b1-8992-3a7aaecac9c3"), links.job("gh/acme/checkout", n, "w", n)]) {
      expectStableUrl(url, String(n));
    }
  });

  it("still refuse a malformed slug given by the caller, with a typed error", () => {
    expect(() => links.project("acme/checkout")).toThrow(InvalidInputError);
    expect(() => links.context("acme", "x")).toThrow(InvalidInputError);
  });
});

describe("helpers on odd data a server returned", () => {
  const project = { ...fx.project, slug: "gitlab/acme/platform/checkout", organization_slug: "../acme" };
  /** Every pipeline and workflow carries the odd `id` (pipelines apart from the newest keep theirs, so there is something to read). */
  function handlers(id: string, number: number) {
    const echoed = `gh/${id}`;
    const pipelines = fx.pipelines.map((p, i) => ({ ...p, id: i === 0 ? id : p.id, number: i === 0 ? number : p.number, project_slug: echoed }));
    return [
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(project)),
      http.get(`${BASE}/context`, () => HttpResponse.json(fx.page(fx.contexts.map((c) => ({ ...c, id }))))),
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(pipelines))),
      http.get(`${BASE}/pipeline/*`, ({ request }) => {
        const pipelineId = decodeURIComponent(new URL(request.url).pathname.split("/")[4] ?? "");
        const source = fx.workflowsByPipeline[pipelineId] ?? fx.workflowsByPipeline[fx.pipelines[0]!.id]!;
        return HttpResponse.json(fx.page(source.map((w) => ({ ...w, id, pipeline_id: pipelineId, pipeline_number: number, project_slug: echoed }))));
      }),
    ];
  }

  it.each(ODD.map((id, i) => [JSON.stringify(id.slice(0, 20)), id, ODD_PIPELINE_NUMBERS[i % ODD_PIPELINE_NUMBERS.length]!]))(
    "answer with id %s (links absolute, none throwing)",
    async (_label, id, number) => {
      server.use(...handlers(id, number));
      const client = testClient({ retry: false });
      const keys = normalizeKeys({ service: "checkout", env: "prod", component: "api", repo: "gh/acme/checkout" });
      const where = JSON.stringify(id.slice(0, 20));

      const last = await client.lastDeploy({ project: "gh/acme/checkout", service: "checkout" });
      expect(last.deploy, where).not.toBeNull();
      for (const url of Object.values(last.deploy!.links)) expectStableUrl(url, `lastDeploy ${where}`);

      const { events } = await client.deployEvents({ project: "gh/acme/checkout", service: "checkout", since: new Date("2026-02-27T00:00:00.000Z"), until: new Date("2026-03-02T12:00:00.000Z") });
      expect(events.length, where).toBeGreaterThan(0);
      for (const e of events) {
        if (e.url !== undefined) expectStableUrl(e.url, `deployEvents ${where}`);
        if (e.attributes?.pipelineUrl !== undefined) expectStableUrl(e.attributes.pipelineUrl, `deployEvents pipelineUrl ${where}`);
      }

      const status = await client.latestPipelineStatus("gh/acme/checkout");
      for (const url of [status.project.url, status.pipeline?.url, ...status.workflows.map((w) => w.url)]) if (url !== undefined) expectStableUrl(url, `latestPipelineStatus ${where}`);

      const found = await client.correlator.find(keys);
      for (const r of found.resources) if (r.url !== undefined) expectStableUrl(r.url, `find ${where}`);

      const resources: CircleCIResource[] = [
        ...fx.pipelines.map((p) => ({ kind: "pipeline" as const, data: pipelineSchema.parse({ ...p, id, number, project_slug: `gh/${id}` }) })),
        ...Object.values(fx.workflowsByPipeline).flat().map((w) => ({ kind: "workflow" as const, data: workflowSchema.parse({ ...w, id, name: "Deploy_Checkout", pipeline_number: number, project_slug: `gh/${id}` }) })),
        ...fx.contexts.map((c) => ({ kind: "context" as const, data: { ...c, id, name: "Checkout_Production" }, orgSlug: `gh/${id}` })),
      ];
      for (const finding of client.correlator.audit(resources)) if (finding.resource.url !== undefined) expectStableUrl(finding.resource.url, `audit ${where}`);
    },
  );
});
