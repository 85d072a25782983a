import { describeReceived } from "../describe-received.js";
import { InvalidInputError } from "../errors.js";

/**
 * Encodes one path segment from user input so it can never change the request path:
 * `/`, `?`, `#` and `%` are percent-encoded, and `.`/`..`/empty segments are refused, as is
 * anything but a string or a finite number.
 */
export function encodePathSegment(value: string | number, name = "path segment"): string {
  // A JavaScript caller can pass anything: `NaN`, `null` or an object would otherwise become
  // `/NaN`, `/null` or `/[object Object]` and be sent.
  if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) {
    throw new InvalidInputError(`Invalid ${name}: expected a string or a finite number (got ${describeReceived(value)}).`, {
      fix: `Pass the ${name} as a string or a number, as the API returned it.`,
    });
  }
  const text = String(value);
  if (text === "" || text === "." || text === "..") {
    throw new InvalidInputError(`Invalid ${name}: ${JSON.stringify(text)} cannot be used in a URL path.`, {
      fix: `Pass a non-empty ${name} that is not "." or "..".`,
    });
  }
  return encodeURIComponent(text);
}

/**
 * Tagged template for request paths: every interpolated value is one encoded segment.
 * `encodePath\`/project/${vcs}/${org}/${repo}/pipeline\``.
 */
export function encodePath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += encodePathSegment(value) + (strings[i + 1] ?? "");
  });
  return out;
}
