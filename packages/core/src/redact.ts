import { MIN_SCRUBBED_LENGTH, secretMatcher } from "./secret-registry.js";
import { maskSecretValue } from "./secret.js";

/**
 * Words that make a query parameter name sensitive. A name is split into words (on `-`, `_`,
 * `.` and camelCase), so `author` or `assignee` do not match `auth` or `sig`.
 */
const SENSITIVE_WORDS = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "apikey",
  "auth",
  "authorization",
  "signature",
  "sig",
  "credential",
  "credentials",
  "session",
  "sessionid",
  "jwt",
  "bearer",
]);
/** `<word> key` pairs that name a key holding a secret (`api_key`, `access-key`, `privateKey`). */
const SENSITIVE_KEY_PREFIX = new Set(["api", "access", "private", "secret", "client", "auth", "app"]);
/** `<word> token` pairs that name a pagination cursor, not a credential (`page-token`, `next_token`). */
const CURSOR_TOKEN_PREFIX = new Set(["page", "next", "continuation", "cursor", "pagination", "sync", "prev", "previous"]);

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a query parameter (or header) name looks like it carries a secret. */
export function isSensitiveParameter(name: string): boolean {
  const words = wordsOf(name);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const before = i > 0 ? words[i - 1]! : "";
    if (word === "token" || word === "tokens") {
      if (!CURSOR_TOKEN_PREFIX.has(before)) return true;
      continue;
    }
    if (word === "key" && SENSITIVE_KEY_PREFIX.has(before)) return true;
    if (SENSITIVE_WORDS.has(word)) return true;
  }
  return false;
}

/**
 * Replaces every registered secret value (and any `extra` value) found in `text` with its
 * mask, in one pass, case-insensitively and in percent-encoded form too (a vendor may echo a
 * token upper-cased or URL-encoded).
 */
export function redactText(text: string, extra: readonly string[] = []): string {
  if (typeof text !== "string" || text.length < MIN_SCRUBBED_LENGTH) return text;
  let out = text;
  const { pattern, masks } = secretMatcher(maskSecretValue);
  if (pattern) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, (match) => masks.get(match.toLowerCase()) ?? maskSecretValue(match));
  }
  for (const value of extra) {
    if (value.length < MIN_SCRUBBED_LENGTH) continue;
    const masked = maskSecretValue(value);
    for (const form of value === encodeURIComponent(value) ? [value] : [value, encodeURIComponent(value)]) {
      out = out.replace(new RegExp(form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), masked);
    }
  }
  return out;
}

/**
 * A URL safe to log: user-info removed, sensitive query parameters masked, and any known
 * secret value scrubbed from the rest (path segments included, percent-encoded or not).
 */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = typeof input === "string" ? new URL(input) : new URL(input.href);
  } catch {
    return redactText(String(input));
  }
  url.username = "";
  url.password = "";
  if (url.search) {
    let changed = false;
    const params = url.searchParams;
    for (const key of new Set(params.keys())) {
      if (isSensitiveParameter(key)) {
        params.set(key, "REDACTED");
        changed = true;
      }
    }
    if (changed) url.search = params.toString();
  }
  return redactText(url.href);
}

/**
 * A short, redacted excerpt for messages: secrets masked FIRST, whitespace folded, then cut to
 * `max` characters (`…` marks a cut). Cutting first could split a secret so that the registry
 * no longer recognises the part left in the excerpt; every excerpt of server text or user input
 * in toolweave goes through here. `foldWhitespace: false` keeps the text as typed, for quoting
 * a caller's value whose whitespace may be the problem.
 */
export function redactExcerpt(text: string, max = 200, options: { foldWhitespace?: boolean } = {}): string {
  let out = redactText(String(text));
  if (options.foldWhitespace !== false) out = out.replace(/\s+/g, " ").trim();
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
