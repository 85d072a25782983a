import { redactText } from "../redact.js";
import { credentialHeaders } from "./credential-headers.js";

/**
 * Headers that describe one transfer, not the resource: the stored body is decoded text, so
 * its length and encoding no longer match them, and a cookie belongs to one session.
 */
const WIRE_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "set-cookie",
  "set-cookie2",
]);

/**
 * The names of the headers a credential writes (e.g. `circle-token`, `x-circonus-auth-token`),
 * found by letting it write into empty headers; `[]` without a credential or when it cannot write.
 */
export function credentialHeaderNames(authenticate: ((headers: Headers) => void) | undefined): readonly string[] {
  if (!authenticate) return [];
  return (credentialHeaders(authenticate) ?? []).map(([name]) => name);
}

/**
 * The response headers a cache store may keep: no wire headers, no header named like one the
 * credential writes (a server echoing it back), and every other value with registered secrets
 * masked. A shared store (Redis) never holds the token.
 */
export function storableHeaders(headers: Headers, credentialHeaders: readonly string[]): Headers {
  const kept = new Headers();
  for (const [name, value] of headers) {
    if (WIRE_HEADERS.has(name) || credentialHeaders.includes(name)) continue;
    kept.append(name, redactText(value));
  }
  return kept;
}
