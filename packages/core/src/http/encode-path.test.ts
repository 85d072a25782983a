import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { encodePath, encodePathSegment } from "./encode-path.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("encodePathSegment", () => {
  it("encodes strings and whole numbers as one segment", () => {
    expect(encodePathSegment("a/b?c#d%")).toBe("a%2Fb%3Fc%23d%25");
    expect(encodePath`/check_bundle/${1234}`).toBe("/check_bundle/1234");
  });

  it.each([
    [Number.NaN, /NaN/],
    [Number.POSITIVE_INFINITY, /the number Infinity/],
    [null, /null/],
    [undefined, /undefined/],
    [{}, /an object/],
    [[], /an array/],
    [true, /the boolean true/],
  ])("refuses %s instead of sending it as a path segment", (value, received) => {
    const error = thrown(() => encodePathSegment(value as never, "check_bundle id"));
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/check_bundle id/);
    expect((error as Error).message).toMatch(received);
    expect(InvalidInputError.isInstance(thrown(() => encodePath`/check_bundle/${value as never}`))).toBe(true);
  });
});
