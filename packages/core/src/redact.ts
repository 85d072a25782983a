import { registeredSecretValues } from "./secret-registry.js";
import { maskSecretValue } from "./secret.js";

/** Query parameters whose values are always masked in URLs shown to humans or hooks. */
const SENSITIVE_PARAM = /(token|secret|password|passwd|api[-_]?key|auth|signature|sig|credential|session)/i;

/** Replaces every registered secret value (and any `extra` value) found in `text` with its mask. */
export function redactText(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const value of [...extra, ...registeredSecretValues()]) {
    if (value.length < 6 || !out.includes(value)) continue;
    out = out.split(value).join(maskSecretValue(value));
  }
  return out;
}

/**
 * A URL safe to log: user-info removed, sensitive query parameters masked, and any known
 * secret value scrubbed from the rest.
 */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return redactText(String(input));
  }
  url.username = "";
  url.password = "";
  for (const key of [...url.searchParams.keys()]) {
    if (SENSITIVE_PARAM.test(key)) url.searchParams.set(key, "REDACTED");
  }
  return redactText(url.toString());
}

/** A short, redacted excerpt of a response body for error messages (never the whole body). */
export function redactExcerpt(text: string, max = 200): string {
  const flat = redactText(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
