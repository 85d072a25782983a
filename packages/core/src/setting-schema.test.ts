import { describe, expect, it } from "vitest";
import { Secret } from "./secret.js";
import { settingSchema, type SettingSchema } from "./setting-schema.js";

// Values a caller might pass anywhere: right, wrong and odd.
const SAMPLES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "  padded  ",
  "a",
  "abc",
  "x".repeat(120),
  "personal",
  "project",
  "2026-01-31",
  "2026-02-30",
  "2026-01-31T12:00:00Z",
  "2026-01-31T12:00:00+02:00",
  "next year",
  "https://api.example.com/v2",
  0,
  1,
  -1,
  1.5,
  100,
  1000,
  1001,
  2 ** 53,
  Number.NaN,
  Infinity,
  true,
  false,
  [],
  ["a"],
  {},
  { context: "svc-{service}" },
  new Date("2026-01-31T00:00:00Z"),
  new Date(Number.NaN),
  new URL("https://api.example.com/v2"),
  Secret.from("s3cr3t-value-0123456789"),
  () => undefined,
];

const SCHEMAS: [string, SettingSchema<any, any>][] = [
  ["string()", settingSchema.string()],
  ["string({ trim })", settingSchema.string({ trim: true })],
  ["string({ min: 0 })", settingSchema.string({ min: 0 })],
  ["string({ max, pattern })", settingSchema.string({ max: 100, pattern: /^[a-z]+$/ })],
  ["enum", settingSchema.enum(["personal", "project"])],
  ["int()", settingSchema.int()],
  ["int({ min, max })", settingSchema.int({ min: 1, max: 1000 })],
  ["date()", settingSchema.date()],
  ["url()", settingSchema.url()],
  ["secret()", settingSchema.secret()],
  ["unknown()", settingSchema.unknown()],
];

describe("settingSchema: the fast check never accepts what zod refuses, and resolves as zod does", () => {
  for (const [name, schema] of SCHEMAS) {
    it(name, () => {
      for (const value of SAMPLES) {
        if (!schema.accepts(value)) continue;
        const parsed = schema.zod.safeParse(value);
        expect(parsed.success, `${name} accepted ${String(value)} that zod refuses`).toBe(true);
        const output = schema.output ? schema.output(value) : value;
        expect(output, `${name} resolved ${String(value)} otherwise than zod`).toEqual(parsed.data);
      }
    });
  }

  it("takes the common valid values on the fast path", () => {
    expect(settingSchema.string({ trim: true }).accepts("  CIRCLECI_TOKEN (env) ")).toBe(true);
    expect(settingSchema.string({ trim: true }).output!("  x ")).toBe("x");
    expect(settingSchema.enum(["a", "b"]).accepts("b")).toBe(true);
    expect(settingSchema.int({ min: 1, max: 1000 }).accepts(100)).toBe(true);
    expect(settingSchema.date().accepts(new Date())).toBe(true);
    expect(settingSchema.url().accepts("https://x.example")).toBe(true);
    expect(settingSchema.secret().accepts(Secret.from("v"))).toBe(true);
  });

  it("leaves ISO date strings to zod, which reads a date alone as midnight UTC", () => {
    const date = settingSchema.date();
    expect(date.accepts("2026-01-31")).toBe(false);
    expect(date.zod.parse("2026-01-31")).toEqual(new Date("2026-01-31T00:00:00Z"));
    expect(date.zod.parse("2026-01-31T12:00:00+02:00")).toEqual(new Date("2026-01-31T10:00:00Z"));
    expect(date.zod.safeParse("2026-02-30").success).toBe(false);
  });

  it("describes the expected value for problems", () => {
    expect(settingSchema.enum(["circle-token", "bearer"]).expected).toBe('"circle-token" or "bearer"');
    expect(settingSchema.int({ min: 1, max: 1000 }).expected).toBe("a whole number from 1 to 1000");
    expect(settingSchema.secret().expected).toBe("a string or a Secret");
  });
});
