import { InvalidInputError, ToolweaveError } from "@toolweave/core";
import { settle, useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { testClient } from "../test-utils.js";

// msw fails any request without a handler (onUnhandledRequest: "error"); `requests` counts what was sent.
const { requests } = useMswServer();
const client = testClient();
const SLUG = "gh/acme/checkout";
const any = (value: unknown) => value as never;

type Case = [label: string, call: () => unknown, names: RegExp];

const cases: Case[] = [
  ["me(5)", () => client.me(any(5)), /options/],
  ["me({ branch })", () => client.me(any({ branch: "main" })), /branch/],
  ["verify(5)", () => client.verify(any(5)), /options/],
  ["verify({ projects: string })", () => client.verify(any({ projects: SLUG })), /projects/],
  ["verify({ projects: [null] })", () => client.verify(any({ projects: [null] })), /project/],
  ["getProject(null)", () => client.getProject(any(null)), /project.*null/],
  ["getProject(undefined)", () => client.getProject(any(undefined)), /project.*undefined/],
  ["getProject(123)", () => client.getProject(any(123)), /project.*the number 123/],
  ["getProject({})", () => client.getProject(any({})), /project.*an object/],
  ["getProject('')", () => client.getProject(""), /project/],
  ["getProject(slug, 5)", () => client.getProject(SLUG, any(5)), /options/],
  ["listPipelines(null)", () => client.listPipelines(any(null)), /project.*null/],
  ["listPipelines(undefined)", () => client.listPipelines(any(undefined)), /project.*undefined/],
  ["listPipelines(123)", () => client.listPipelines(any(123)), /project.*the number 123/],
  ["listPipelines({})", () => client.listPipelines(any({})), /project/],
  ["listPipelines(slug, 5)", () => client.listPipelines(SLUG, any(5)), /options/],
  ["listPipelines(slug, { branch: 5 })", () => client.listPipelines(SLUG, any({ branch: 5 })), /branch/],
  ["listPipelines(slug, { brnach })", () => client.listPipelines(SLUG, any({ brnach: "main" })), /brnach/],
  ["listPipelines(slug, { branch: '  ' })", () => client.listPipelines(SLUG, { branch: "  " }), /branch/],
  ["listPipelines({ orgSlug: 5 })", () => client.listPipelines(any({ orgSlug: 5 })), /orgSlug/],
  ["getPipelineByNumber(slug, '12')", () => client.getPipelineByNumber(SLUG, any("12")), /pipeline number.*positive integer.*the string "12"/],
  ["getPipelineByNumber(slug, NaN)", () => client.getPipelineByNumber(SLUG, Number.NaN), /pipeline number.*NaN/],
  ["getPipelineByNumber(slug, -1)", () => client.getPipelineByNumber(SLUG, -1), /pipeline number.*-1/],
  ["getPipelineByNumber(slug, 1.5)", () => client.getPipelineByNumber(SLUG, 1.5), /pipeline number.*1\.5/],
  ["getPipelineByNumber(slug, 2**60)", () => client.getPipelineByNumber(SLUG, 2 ** 60), /pipeline number/],
  ["getPipelineByNumber(slug, null)", () => client.getPipelineByNumber(SLUG, any(null)), /pipeline number.*null/],
  ["getPipelineByNumber(null, 12)", () => client.getPipelineByNumber(any(null), 12), /project.*null/],
  ["getPipeline(null)", () => client.getPipeline(any(null)), /pipeline id.*null/],
  ["getPipeline(5)", () => client.getPipeline(any(5)), /pipeline id.*the number 5/],
  ["getPipeline('  ')", () => client.getPipeline("  "), /pipeline id/],
  ["getPipeline({})", () => client.getPipeline(any({})), /pipeline id.*an object/],
  ["getPipeline(id, 5)", () => client.getPipeline("5b1b0bd0-0000-4000-8000-000000000000", any(5)), /options/],
  ["listPipelineWorkflows(null)", () => client.listPipelineWorkflows(any(null)), /pipeline id.*null/],
  ["getWorkflow(NaN)", () => client.getWorkflow(any(Number.NaN)), /workflow id.*NaN/],
  ["listWorkflowJobs(5)", () => client.listWorkflowJobs(any(5)), /workflow id.*the number 5/],
  ["getJobDetails(slug, '7')", () => client.getJobDetails(SLUG, any("7")), /job number.*the string "7"/],
  ["getJobDetails(slug, 0)", () => client.getJobDetails(SLUG, 0), /job number/],
  ["getJobDetails(null, 7)", () => client.getJobDetails(any(null), 7), /project.*null/],
  ["getWorkflowInsights(null)", () => client.getWorkflowInsights(any(null)), /project.*null/],
  ["getWorkflowInsights(slug, 5)", () => client.getWorkflowInsights(SLUG, any(5)), /options/],
  ["getWorkflowInsights(slug, { reportingWindow })", () => client.getWorkflowInsights(SLUG, any({ reportingWindow: "last-year" })), /reportingWindow/],
  ["listWorkflowRuns(slug, null)", () => client.listWorkflowRuns(SLUG, any(null)), /workflow name.*null/],
  ["listWorkflowRuns(slug, 5)", () => client.listWorkflowRuns(SLUG, any(5)), /workflow name.*the number 5/],
  ["listWorkflowRuns(slug, '')", () => client.listWorkflowRuns(SLUG, ""), /workflow name/],
  ["listWorkflowRuns(slug, name, { startDate })", () => client.listWorkflowRuns(SLUG, "build", any({ startDate: "yesterday" })), /startDate/],
  ["listContexts(null)", () => client.listContexts(any(null)), /ownerSlug|ownerId/],
  ["listContexts(5)", () => client.listContexts(any(5)), /options/],
  ["listContexts({ ownerSlug: 5 })", () => client.listContexts(any({ ownerSlug: 5 })), /ownerSlug/],
  ["listContextVariables(null)", () => client.listContextVariables(any(null)), /context id.*null/],
  ["listProjectEnvVars(null)", () => client.listProjectEnvVars(any(null)), /project.*null/],
  ["listProjectEnvVars(slug, 5)", () => client.listProjectEnvVars(SLUG, any(5)), /options/],
  ["lastDeploy(null)", () => client.lastDeploy(any(null)), /project/],
  ["lastDeploy(5)", () => client.lastDeploy(any(5)), /options/],
  ["successRate(null, 'build')", () => client.successRate(any(null), "build"), /project.*null/],
  ["successRate(slug, null)", () => client.successRate(SLUG, any(null)), /workflow.*null/],
  ["successRate(slug, 5)", () => client.successRate(SLUG, any(5)), /workflow.*the number 5/],
  ["latestPipelineStatus(null)", () => client.latestPipelineStatus(any(null)), /project.*null/],
  ["latestPipelineStatus(slug, 5)", () => client.latestPipelineStatus(SLUG, any(5)), /options/],
  ["latestPipelineStatus(slug, { branch: 5 })", () => client.latestPipelineStatus(SLUG, any({ branch: 5 })), /branch/],
];

describe("JavaScript-caller mistakes", () => {
  it.each(cases)("%s gives InvalidInputError naming the argument, never a TypeError, before any request", async (_label, call, names) => {
    const error = await settle(call);
    expect(error, "no error was raised").toBeDefined();
    expect(error).not.toBeInstanceOf(TypeError);
    expect(ToolweaveError.isInstance(error) ? `${(error as ToolweaveError).kind}: ${(error as Error).message}` : String(error)).toMatch(/^invalid_input: /);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).message).toMatch(names);
    expect((error as InvalidInputError).fix).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it("getPipelineByNumber(slug, \"12\") says it got a string and what was expected", async () => {
    const error = (await settle(() => client.getPipelineByNumber(SLUG, any("12")))) as InvalidInputError;
    expect(error.message).toBe(
      `CircleCI getPipelineByNumber: pipeline number must be a positive integer (got the string "12").`,
    );
    expect(error.fix).toMatch(/Number\("12"\)|a number/);
  });
});
