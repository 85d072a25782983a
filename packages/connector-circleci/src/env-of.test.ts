import { describe, expect, it } from "vitest";
import { envPipelines } from "./__fixtures__/env-pipelines.js";
import { envKeyOf, envOf, envValue } from "./env-of.js";
import { pipelineSchema, type Pipeline } from "./schemas/pipeline.js";

describe("envOf", () => {
  it.each([
    ["prod-eu", "prod-eu"],
    ["Prod-EU ", "prod-eu"],
    [" PROD", "prod"],
    ["eu_west.1", "eu_west.1"],
    ["", undefined],
    ["   ", undefined],
    [3, undefined],
    [true, undefined],
    [{ name: "prod" }, undefined],
    [null, undefined],
  ])("reads env %j as %j", (value, expected) => {
    const p: Pipeline = pipelineSchema.parse({ ...envPipelines[0], trigger_parameters: { env: value } });
    expect(envOf(p)).toBe(expected);
    expect(envValue(value)).toBe(expected);
  });

  it("is undefined for a pipeline without the parameter or without trigger_parameters", () => {
    expect(envOf(pipelineSchema.parse(envPipelines[3]))).toBeUndefined();
    expect(envOf(pipelineSchema.parse({ ...envPipelines[0], trigger_parameters: null }))).toBeUndefined();
  });
});

describe("envKeyOf", () => {
  it("gives the env only in core's one-word form, for correlation keys", () => {
    const of = (env: unknown) => envKeyOf(pipelineSchema.parse({ ...envPipelines[0], trigger_parameters: { env } }));
    expect(of(" Prod ")).toBe("prod");
    expect(of("prod-eu")).toBeUndefined();
    expect(of(3)).toBeUndefined();
  });
});
