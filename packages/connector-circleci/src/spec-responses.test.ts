// Every response the official OpenAPI spec allows for an operation this connector covers must
// be accepted: bodies are generated from the spec (test/spec/openapi.json, see SOURCE.md there)
// with every property, only the required ones, nulls wherever the spec says nullable
// (`x-nullable` included), extreme numbers, empty arrays and strings, unknown enum values and
// extra fields. Where the real API differs from the spec, the connector follows the real API;
// those cases are listed in the README ("Where the spec and the API differ").
import { readFileSync } from "node:fs";
import { specResponseSamples, type SpecSchema, useMswServer } from "@toolweave/core/testing";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { describe, expect, it } from "vitest";
import type { CircleCIClient } from "./create-circleci.js";
import { BASE, testClient } from "./test-utils.js";

const spec = JSON.parse(readFileSync(new URL("../test/spec/openapi.json", import.meta.url), "utf8")) as SpecSchema;
const { server } = useMswServer();

const ID = "5034460f-c7c4-4c43-9457-de07e2029e7b";
/** Covered operations: the spec path, the URL served, and the call that reads it. */
const operations: [string, string, (c: CircleCIClient) => Promise<unknown>][] = [
  ["/me", "/me", (c) => c.me()],
  ["/project/{project-slug}", "/project/gh/acme/checkout", (c) => c.getProject("gh/acme/checkout")],
  ["/project/{project-slug}/pipeline", "/project/gh/acme/checkout/pipeline", (c) => c.listPipelines("gh/acme/checkout").toArray()],
  ["/pipeline/{pipeline-id}", `/pipeline/${ID}`, (c) => c.getPipeline(ID)],
  ["/project/{project-slug}/pipeline/{pipeline-number}", "/project/gh/acme/checkout/pipeline/1207", (c) => c.getPipelineByNumber("gh/acme/checkout", 1207)],
  ["/pipeline/{pipeline-id}/workflow", `/pipeline/${ID}/workflow`, (c) => c.listPipelineWorkflows(ID).toArray()],
  ["/workflow/{id}", `/workflow/${ID}`, (c) => c.getWorkflow(ID)],
  ["/workflow/{id}/job", `/workflow/${ID}/job`, (c) => c.listWorkflowJobs(ID).toArray()],
  ["/project/{project-slug}/job/{job-number}", "/project/gh/acme/checkout/job/4512", (c) => c.getJobDetails("gh/acme/checkout", 4512)],
  ["/insights/{project-slug}/workflows", "/insights/gh/acme/checkout/workflows", (c) => c.getWorkflowInsights("gh/acme/checkout").toArray()],
  ["/insights/{project-slug}/workflows/{workflow-name}", "/insights/gh/acme/checkout/workflows/deploy-checkout", (c) => c.listWorkflowRuns("gh/acme/checkout", "deploy-checkout").toArray()],
  ["/context", "/context", (c) => c.listContexts({ ownerSlug: "gh/acme" }).toArray()],
  ["/context/{context_id}/environment-variable", `/context/${ID}/environment-variable`, (c) => c.listContextVariables(ID).toArray()],
  ["/project/{project-slug}/envvar", "/project/gh/acme/checkout/envvar", (c) => c.listProjectEnvVars("gh/acme/checkout").toArray()],
];

/** A list page from the spec keeps its token, which would ask for the same page again: end the list. */
const lastPage = (body: unknown) =>
  body && typeof body === "object" && !Array.isArray(body) && "next_page_token" in body ? { ...(body as object), next_page_token: null } : body;

const cases = operations.flatMap(([path, url, call]) => specResponseSamples(spec, path).map(({ mode, body }) => [path, mode, url, call, lastPage(body)] as const));

describe("CircleCI responses generated from the OpenAPI spec", () => {
  it.each(cases)("GET %s (%s body) is accepted", async (_path, _mode, url, call, body) => {
    server.use(http.get(`${BASE}${url}`, () => HttpResponse.json(body as JsonBodyType)));
    await expect(call(testClient({ retry: false }))).resolves.toBeDefined();
  });

  it("covers every mode for every operation", () => {
    expect(cases).toHaveLength(operations.length * 6);
  });
});
