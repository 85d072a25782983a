import { describe, expect, it } from "vitest";
import { describeReceived } from "./describe-received.js";

describe("describeReceived", () => {
  it.each([
    [null, "null"],
    [undefined, "undefined"],
    [Number.NaN, "NaN"],
    [12, "the number 12"],
    ["12", 'the string "12"'],
    ["", "an empty string"],
    [" ", "a whitespace-only string"],
    [{}, "an object"],
    [[], "an array"],
    [new Date(Number.NaN), "an invalid Date"],
    [true, "the boolean true"],
  ])("%j is described as %s", (value, text) => {
    expect(describeReceived(value)).toBe(text);
  });
});
