import { Secret, maskSecretValue } from "./secret.js";

/**
 * The one rule for a credential value that is written into an HTTP header: printable ASCII
 * only (`!` to `~`), no whitespace and no control characters. A token with a line break, a
 * carriage return or a NUL cannot be a header value (`fetch` refuses it, quoting the value),
 * and a space or tab is a copy-paste accident. Both the environment provider and the
 * connectors' programmatic settings use this rule, so they refuse the same values.
 *
 * Callers that trim surrounding whitespace (a mounted secret file ends with a newline) trim
 * before calling. The returned text never contains the value or any part of it.
 */
export function tokenProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `is not a string (got ${describeType(value)})`;
  if (value.length === 0) return "is empty";
  if (value.trim().length === 0) return "is only whitespace";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0x21 && code <= 0x7e) continue;
    return `contains ${characterName(code)}; a token is one line of printable ASCII characters without spaces`;
  }
  return undefined;
}

function characterName(code: number): string {
  switch (code) {
    case 0x0a:
      return "a line feed (LF)";
    case 0x0d:
      return "a carriage return (CR)";
    case 0x00:
      return "a NUL character";
    case 0x09:
      return "a tab";
    case 0x20:
      return "a space";
  }
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
    return `a control character (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  }
  return /\s/u.test(String.fromCodePoint(code)) ? "a non-ASCII space" : "a non-ASCII character";
}

/** `a number`, `null`, `an object`: the type of what was passed, never the value. */
function describeType(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : "a number";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * A token setting as it will be sent: surrounding whitespace trimmed (as the environment
 * provider does), checked by {@link tokenProblem}. Returns the `Secret` to use — the given one
 * when nothing was trimmed, else a new one keeping its label — or the problem, showing only the
 * token's mask.
 */
export function tokenSecret(token: string | Secret, label: string): { secret: Secret } | { problem: string } {
  const raw = Secret.isInstance(token) ? token.reveal() : token;
  const value = raw.trim();
  const problem = tokenProblem(value);
  if (problem) return { problem: `${problem}${value ? ` (got ${maskSecretValue(value)})` : ""}` };
  if (Secret.isInstance(token) && value === raw) return { secret: token };
  return { secret: new Secret(value, { label: Secret.isInstance(token) ? (token.label ?? label) : label }) };
}
