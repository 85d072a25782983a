import { ConfigurationError } from "../errors.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith(".localhost");
}

/**
 * Normalises an API base URL: trailing slash added (so relative paths append), query and
 * fragment refused, credentials in the URL refused, `https:` required except for loopback.
 */
export function normalizeBaseUrl(input: string | URL, option = "baseUrl"): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new ConfigurationError(`${option} is not a valid URL.`, {
      fix: `Set ${option} to an absolute URL such as "https://api.example.com/v2".`,
    });
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`${option} must not contain a user name or password.`, {
      fix: "Remove the credentials from the URL and pass the token through the token setting.",
    });
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(`${option} must not have a query string or fragment.`, {
      fix: `Set ${option} to the API root only, e.g. "${url.origin}${url.pathname}".`,
    });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ConfigurationError(`${option} must use https: (got ${url.protocol}//${url.host}).`, {
      fix: `Use "https://${url.host}${url.pathname}"; plain http is allowed only for localhost / 127.0.0.1 / [::1].`,
    });
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** Joins a path (with or without a leading slash) onto a normalised base URL. */
export function joinUrl(base: URL, path: string): URL {
  const relative = path.replace(/^\/+/, "");
  const url = new URL(relative, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new ConfigurationError(`Path "${path}" leaves the API base URL.`, {
      fix: "Build request paths with encodePath so user input is encoded.",
    });
  }
  return url;
}
