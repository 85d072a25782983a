import { describe, expect, it } from "vitest";
import { sampleFromSchema, specResponseSamples, type SpecSchema } from "./spec-samples.js";

const doc: SpecSchema = {
  paths: { "/thing": { get: { responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } } } } },
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "state"],
        properties: {
          id: { type: "string", format: "uuid" },
          state: { type: "string", enum: ["a", "b"] },
          count: { type: "integer", minimum: 0 },
          note: { type: "string", "x-nullable": true },
          when: { type: "string", format: "date-time", nullable: true },
          anything: {},
          tags: { type: "array", items: { type: "string" } },
          child: { $ref: "#/components/schemas/Thing" },
        },
      },
    },
  },
};

describe("spec samples", () => {
  it("gives one body per mode: required-only, nulls, open enums, untyped values, empty arrays, extremes", () => {
    const byMode = Object.fromEntries(specResponseSamples(doc, "/thing").map((s) => [s.mode, s.body as Record<string, unknown>]));
    expect(Object.keys(byMode.typical!)).toEqual(["id", "state", "count", "note", "when", "anything", "tags", "child"]);
    expect(Object.keys(byMode["required-only"]!)).toEqual(["id", "state"]);
    expect(byMode.nulls).toMatchObject({ note: null, when: null });
    expect(byMode.odd).toMatchObject({ state: "a-value-added-later", anything: 12345, count: 0, x_field_added_later: expect.any(Object) });
    expect(byMode.empty).toMatchObject({ tags: [] });
    expect(byMode.extremes).toMatchObject({ count: Number.MAX_SAFE_INTEGER, state: "b" });
  });

  it("stops recursion at maxDepth", () => {
    const body = sampleFromSchema(doc, { $ref: "#/components/schemas/Thing" }, "typical", { maxDepth: 2 });
    expect(JSON.stringify(body).length).toBeLessThan(2_000);
  });
});
