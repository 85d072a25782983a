import { describe, expect, it } from "vitest";
import { z } from "zod";
import { correlationKeysSchema } from "./correlation-keys.js";
import { ConfigurationError } from "./errors.js";
import { lazySchema } from "./lazy-schema.js";
import { runtimeSettingsShape } from "./runtime-settings.js";

describe("lazySchema", () => {
  it("builds the schema on first use, once", () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return z.strictObject({ name: z.string().min(1) });
    });
    expect(builds).toBe(0);
    expect(schema.parse({ name: "a" })).toEqual({ name: "a" });
    expect(schema.safeParse({ name: "" }).success).toBe(false);
    expect(Object.keys(schema.shape)).toEqual(["name"]);
    expect(builds).toBe(1);
  });

  it("is the zod instance itself: class, identity through wrappers, own internals", () => {
    const schema = lazySchema(() => z.strictObject({ id: z.number().int() }));
    expect(schema instanceof z.ZodObject).toBe(true);
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(schema.optional().unwrap()).toBe(schema);
    expect(Object.prototype.hasOwnProperty.call(schema, "_zod")).toBe(true);
    expect(Object.getPrototypeOf(schema)).toBe(Object.getPrototypeOf(z.strictObject({})));
    expect(schema.def.type).toBe("object");
    expect(schema.type).toBe("object");
  });

  it("is built when checked with instanceof or parsed inside another schema before anything else", () => {
    const a = lazySchema(() => z.string().trim());
    expect(a instanceof z.ZodString).toBe(true);
    const b = lazySchema(() => z.number().positive());
    expect(z.strictObject({ b }).safeParse({ b: -1 }).success).toBe(false);
    expect(z.strictObject({ b }).parse({ b: 2 })).toEqual({ b: 2 });
  });

  it("keeps metadata given while building", () => {
    const schema = lazySchema(() => z.string().describe("a name"));
    expect(schema.description).toBe("a name");
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(z.string().describe("a name")));
  });

  it("reports a schema used while it is being built", () => {
    const schema: z.ZodType = lazySchema(() => z.array(schema.optional()));
    expect(() => schema.parse([])).toThrow(ConfigurationError);
  });

  it("leaves the public schemas behaving as before", () => {
    expect(correlationKeysSchema).toBeInstanceOf(z.ZodObject);
    expect(correlationKeysSchema.parse({ service: " Web-Shop " })).toEqual({ service: "web-shop" });
    expect(runtimeSettingsShape.timeoutMs.safeParse(0).success).toBe(false);
    expect(z.strictObject(runtimeSettingsShape).parse({ timeoutMs: 5, retry: false })).toEqual({ timeoutMs: 5, retry: false });
  });
});
