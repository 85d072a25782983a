import { redactExcerpt } from "./redact.js";

/**
 * Says what a caller passed, for "expected X, received Y" messages: `null`, `undefined`,
 * `NaN`, `the number 12`, `the string "12"`, `an object`, `an array`, `a function`. Strings are
 * redacted, then cut to 40 characters (a token pasted in the wrong place shows as its mask).
 */
export function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  switch (typeof value) {
    case "number":
      return Number.isNaN(value) ? "NaN" : `the number ${String(value)}`;
    case "bigint":
      return `the bigint ${String(value)}`;
    case "string":
      return value.trim() === "" ? (value === "" ? "an empty string" : "a whitespace-only string") : `the string ${JSON.stringify(redactExcerpt(value, 40, { foldWhitespace: false }))}`;
    case "boolean":
      return `the boolean ${String(value)}`;
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      if (Array.isArray(value)) return "an array";
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : "a Date";
      return "an object";
  }
}
