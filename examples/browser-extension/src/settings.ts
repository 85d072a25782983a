/** `demo serve`'s default address (apps/demo/src/commands/serve.ts, DEFAULT_SERVE_PORT). */
export const DEFAULT_SERVER_URL = "http://127.0.0.1:4020";

/** What the options page stores in chrome.storage.local. */
export interface Settings {
  serverUrl: string;
  /** "" when the server needs none. */
  token: string;
}

/** The server URL as stored: http(s), no credentials, query or fragment, no trailing slash. */
export function normaliseServerUrl(input: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: `Not a URL: write the server's address, e.g. ${DEFAULT_SERVER_URL}.` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: `The server URL must start with http:// or https://, e.g. ${DEFAULT_SERVER_URL}.` };
  // The value is not echoed: it holds credentials.
  if (url.username || url.password) return { ok: false, reason: "The server URL has a user name or password in it: remove it and put the token in the Token field." };
  if (url.search || url.hash) return { ok: false, reason: "The server URL has a query string or fragment: give only its address (and path, behind a proxy)." };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, "")}` };
}

/** Whether the server is on this machine (covered by the manifest's host permissions; others need the user's grant). */
export function isLoopbackServer(serverUrl: string): boolean {
  const { hostname } = new URL(serverUrl);
  return hostname === "127.0.0.1" || hostname === "localhost";
}

/** A host permission pattern for an origin ("https://ci.example.com/*"). */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}
