import { InvalidInputError } from "../errors.js";

/**
 * Encodes one path segment from user input so it can never change the request path:
 * `/`, `?`, `#` and `%` are percent-encoded, and `.`/`..`/empty segments are refused.
 */
export function encodePathSegment(value: string | number, name = "path segment"): string {
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
