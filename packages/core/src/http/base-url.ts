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
  /** What the URL is, in messages. Default `the API root`; a web UI's setting says `the web UI root`. */
  root?: string;
}

/** The result of {@link checkBaseUrl}: the normalised URL, or the problem to report. */
export type BaseUrlCheck =
  | { ok: true; url: URL }
  /** `reason` is the problem without the provider/setting label, e.g. for a schema message. */
  | { ok: false; problem: ConfigurationProblem; reason: string };

/** Longer host labels and path segments are elided when a URL is shown: real ones are short, a pasted token is not. */
const MAX_SHOWN_PART = 24;
const elide = (part: string) => (part.length > MAX_SHOWN_PART ? "…" : part);

/** An http(s) URL for a message: scheme, host and `pathname` only (no credentials, query or fragment), long parts elided. */
function shownUrl(url: URL, pathname = url.pathname): string {
  return redactText(`${url.protocol}//${url.host.split(".").map(elide).join(".")}${pathname.split("/").map(elide).join("/")}`);
}

/** Why `text` is not a URL, without quoting it (it may be a token given in the wrong place). */
function whyNotUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return "it has no scheme such as https://";
  if (/[\s\p{Cc}]/u.test(text)) return "it contains whitespace or a control character";
  return "its host is missing or malformed";
}

const label = (spec: BaseUrlSetting) => `${spec.provider ? `${spec.provider} ` : ""}${spec.setting ?? "baseUrl"}${spec.variable ? ` (${spec.variable})` : ""}`;
const settingName = (spec: BaseUrlSetting) => `${spec.setting ?? "baseUrl"}${spec.variable ? ` (${spec.variable})` : ""}`;

/**
 * Checks an API base URL without throwing: `https:` (plain `http:` only for loopback hosts), no
 * user name or password, no query string, no fragment, and, with `apiPath`, the API root path.
 * The problem names the provider, the setting and its variable, and the fix gives a correct
 * value; it never quotes a value that does not parse, and shows a URL only as scheme, host and
 * path, long parts elided (a token given in the wrong place is not a registered secret). The
 * URL is normalised with a trailing slash so relative paths append.
 */
export function checkBaseUrl(input: unknown, spec: BaseUrlSetting = {}): BaseUrlCheck {
  const name = settingName(spec);
  const what = label(spec);
  const set = spec.variable ? `Set ${spec.setting ?? "baseUrl"} (or ${spec.variable})` : `Set ${spec.setting ?? "baseUrl"}`;
  const example = spec.example ?? "https://api.example.com/v2";
  const rootName = spec.root ?? "the API root";
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
    // Not quoted: a value that does not parse may be a token given in the wrong place, which no Secret masks.
    return fail(
      `is not a valid URL: ${whyNotUrl(text)} (${text.length} characters, not shown in case it is a secret)`,
      `${set} to an absolute URL with its scheme, such as "${example}".`,
    );
  }
  if (url.username || url.password) {
    return fail("contains a user name or password", `Remove the credentials from the URL (${set.replace(/^Set /, "")} takes ${rootName} only, e.g. "${example}") and pass the token through the token setting.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    // A scheme shown only when short: `token:x@host` parses with the token as its scheme.
    const scheme = /^[a-z][a-z0-9+.-]{0,9}:$/.test(url.protocol) ? `its scheme is "${url.protocol}"` : "it has another scheme";
    return fail(`must use https: (${scheme})`, `${set} to an https URL such as "${example}".`);
  }
  const root = shownUrl(url);
  if (url.search || text.includes("?")) {
    return fail(`has a query string; ${rootName} takes none`, `${set} to ${rootName} without "?…", e.g. "${root.replace(/\/+$/, "")}".`);
  }
  if (url.hash || text.includes("#")) {
    return fail(`has a fragment (#…); ${rootName} takes none`, `${set} to ${rootName} without "#…", e.g. "${root.replace(/\/+$/, "")}".`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return fail(`must use https: (got ${shownUrl(url, "")})`, `${set} to "${shownUrl(url).replace(/^http:/, "https:").replace(/\/+$/, "")}"; plain http is allowed only for localhost / 127.0.0.1 / [::1].`);
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  if (spec.apiPath) {
    const want = `/${spec.apiPath.replace(/^\/+|\/+$/g, "")}/`;
    if (!url.pathname.endsWith(want)) {
      return fail(
        `must end with ${want.slice(0, -1)}, the API root path (got ${shownUrl(url)})`,
        `${set} to the API root, e.g. "${example}"; for this host: "${shownUrl(url, want.slice(0, -1))}".`,
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
