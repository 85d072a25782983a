import { describe, expect, expectTypeOf, it } from "vitest";
import { definedOnly } from "./defined-only.js";

describe("definedOnly", () => {
  it("leaves out undefined values and keeps every other falsy one", () => {
    const out = definedOnly({ a: 1, b: undefined, c: null, d: 0, e: "", f: false });
    expect(out).toEqual({ a: 1, c: null, d: 0, e: "", f: false });
    expect(Object.keys(out)).not.toContain("b");
  });

  it("makes a key that may be undefined optional, and keeps the others required", () => {
    const input: { id: string; name: string | undefined; url?: string } = { id: "r-1", name: undefined };
    const out = definedOnly(input);
    expectTypeOf(out).toEqualTypeOf<{ id: string } & { name?: string; url?: string }>();
    expect(out).toEqual({ id: "r-1" });
  });

  it("copies: the input is not changed", () => {
    const input = { a: 1, b: undefined };
    definedOnly(input);
    expect(Object.keys(input)).toEqual(["a", "b"]);
  });
});
