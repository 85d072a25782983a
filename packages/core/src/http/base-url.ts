import { ConfigurationError, type ConfigurationProblem } from "../errors.js";
import { redactText } from "../redact.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** True for `localhost`, `*.localhost`, `127.x.x.x` and `::1`: hosts where plain `http:` is allowed. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith(".localhost");
}

/** Which base URL is being checked, so a problem names the provider, the setting and the variable. */
export interface BaseUrlSetting {
  /** Setting name. Default `baseUrl`. */
  setting?: string;
  /** Environment variable the setting is read from, e.g. `CIRCONUS_API_URL`. */
  variable?: string;
  /** Provider display name, e.g. `Circonus`. */
  provider?: string;
  /** A correct value, shown in fixes. Default `https://api.example.com/v2`. */
  example?: string;
  /** Path the API root must end with, e.g. `/api/v2` or `/v2`; checked after the other rules. */
  apiPath?: string;
}

/** The result of {@link checkBaseUrl}: the normalised URL, or the problem to report. */
export type BaseUrlCheck =
  | { ok: true; url: URL }
  /** `reason` is the problem without the provider/setting label, e.g. for a schema message. */
  | { ok: false; problem: ConfigurationProblem; reason: string };

const label = (spec: BaseUrlSetting) => `${spec.provider ? `${spec.provider} ` : ""}${spec.setting ?? "baseUrl"}${spec.variable ? ` (${spec.variable})` : ""}`;
const settingName = (spec: BaseUrlSetting) => `${spec.setting ?? "baseUrl"}${spec.variable ? ` (${spec.variable})` : ""}`;

/**
 * Checks an API base URL without throwing: `https:` (plain `http:` only for loopback hosts), no
 * user name or password, no query string, no fragment, and, with `apiPath`, the API root path.
 * The problem names the provider, the setting and its variable, and the fix gives a correct
 * value. The URL is normalised with a trailing slash so relative paths append.
 */
export function checkBaseUrl(input: unknown, spec: BaseUrlSetting = {}): BaseUrlCheck {
  const name = settingName(spec);
  const what = label(spec);
  const set = spec.variable ? `Set ${spec.setting ?? "baseUrl"} (or ${spec.variable})` : `Set ${spec.setting ?? "baseUrl"}`;
  const example = spec.example ?? "https://api.example.com/v2";
  const fail = (problem: string, fix: string): BaseUrlCheck => ({ ok: false, problem: { name, problem: `${what} ${problem}`, fix }, reason: problem });

  if (typeof input !== "string" && !(input instanceof URL)) {
    return fail(`must be a string or a URL (got ${input === null ? "null" : Array.isArray(input) ? "an array" : `a ${typeof input}`})`, `${set} to an absolute URL such as "${example}".`);
  }
  const text = String(input).trim();
  if (text === "") return fail("is empty", `${set} to an absolute URL such as "${example}", or leave it unset for the default.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never echo anything shaped like user-info (`user:password@`), even from a value that does not parse.
    const scrubbed = redactText(text).replace(/^([^/]*\/\/)[^/?#]*@/, "$1");
    const shown = scrubbed.length > 60 ? `${scrubbed.slice(0, 60)}…` : scrubbed;
    return fail(`is not a valid URL (got ${JSON.stringify(shown)})`, `${set} to an absolute URL with its scheme, such as "${example}".`);
  }
  if (url.username || url.password) {
    return fail("contains a user name or password", `Remove the credentials from the URL (${set.replace(/^Set /, "")} takes the API root only, e.g. "${example}") and pass the token through the token setting.`);
  }
  const root = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.search || text.includes("?")) {
    return fail("has a query string; the API root takes none", `${set} to the API root without "?…", e.g. "${root.replace(/\/+$/, "")}".`);
  }
  if (url.hash || text.includes("#")) {
    return fail("has a fragment (#…); the API root takes none", `${set} to the API root without "#…", e.g. "${root.replace(/\/+$/, "")}".`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    return fail(`must use https: (got ${url.protocol}//${url.host})`, `${set} to "https://${url.host}${url.pathname.replace(/\/+$/, "")}"; plain http is allowed only for localhost / 127.0.0.1 / [::1].`);
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  if (spec.apiPath) {
    const want = `/${spec.apiPath.replace(/^\/+|\/+$/g, "")}/`;
    if (!url.pathname.endsWith(want)) {
      return fail(
        `must end with ${want.slice(0, -1)}, the API root path (got ${url.origin}${url.pathname})`,
        `${set} to the API root, e.g. "${example}"; for this host: "${url.origin}${want.slice(0, -1)}".`,
      );
    }
  }
  return { ok: true, url };
}

/**
 * Normalises an API base URL: trailing slash added (so relative paths append), query and
 * fragment refused, credentials in the URL refused, `https:` required except for loopback.
 * Throws a `ConfigurationError` whose `problems` name the setting (and variable) and the fix.
 */
export function normalizeBaseUrl(input: string | URL, option: string | BaseUrlSetting = "baseUrl"): URL {
  const spec = typeof option === "string" ? { setting: option } : option;
  const result = checkBaseUrl(input, spec);
  if (result.ok) return result.url;
  const { problem } = result;
  throw new ConfigurationError(`${problem.problem}.`, {
    fix: problem.fix,
    problems: [problem],
    ...(spec.provider ? { provider: spec.provider.toLowerCase() } : {}),
  });
}

/**
 * The URL of `path` (with or without a leading slash) under a normalised base URL, or
 * `undefined` when it would leave it (another origin, or `..` above the base path, encoded or
 * not).
 */
export function resolveUnder(base: URL, path: string): URL | undefined {
  const url = new URL(path.replace(/^\/+/, ""), base);
  return url.origin === base.origin && url.pathname.startsWith(base.pathname) ? url : undefined;
}

/** Joins a path (with or without a leading slash) onto a normalised base URL. */
export function joinUrl(base: URL, path: string): URL {
  const url = resolveUnder(base, path);
  if (!url) {
    throw new ConfigurationError(`Path "${path}" leaves the API base URL.`, {
      fix: "Build request paths with encodePath so user input is encoded.",
    });
  }
  return url;
}
