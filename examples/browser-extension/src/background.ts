// The service worker: the only part that talks to the toolweave server. Content scripts send it
// the page URL; it adds the token, fetches without cookies or referrer, checks the answer and
// sends back results or one line saying what went wrong. The token never reaches a page.
import { contextFor } from "./context.js";
import { failureLine, type Failure } from "./failure-line.js";
import type { BarState, Request } from "./messages.js";
import { readAnswer, readCustomDomains } from "./results.js";
import { DEFAULT_SERVER_URL, isLoopbackServer, originPattern, type Settings } from "./settings.js";

const TIMEOUT_SECONDS = 20;
const CUSTOM_DOMAINS_SCRIPT = "toolweave-custom-domains";

async function settings(): Promise<Settings> {
  const stored = await chrome.storage.local.get(["serverUrl", "token"]);
  return {
    serverUrl: typeof stored.serverUrl === "string" && stored.serverUrl ? stored.serverUrl : DEFAULT_SERVER_URL,
    token: typeof stored.token === "string" ? stored.token : "",
  };
}

async function call(path: string, init: RequestInit, { serverUrl, token }: Settings): Promise<{ ok: true; response: Response } | { ok: false; failure: Failure }> {
  if (!isLoopbackServer(serverUrl) && !(await chrome.permissions.contains({ origins: [originPattern(serverUrl)] }))) {
    return { ok: false, failure: { kind: "not-allowed" } };
  }
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  try {
    const response = await fetch(`${serverUrl}${path}`, {
      ...init,
      headers,
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000),
    });
    return { ok: true, response };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return { ok: false, failure: timedOut ? { kind: "timeout", seconds: TIMEOUT_SECONDS } : { kind: "unreachable" } };
  }
}

/** Seconds to wait, from `Retry-After` or the `RateLimit-Reset` header of a 429. */
function retryAfter(response: Response): number | undefined {
  for (const name of ["retry-after", "ratelimit-reset"]) {
    const value = Number(response.headers.get(name));
    if (Number.isFinite(value) && value > 0) return Math.ceil(value);
  }
  return undefined;
}

/** The server's own `error` text, short (it is shown in the bar, after redaction). */
async function errorDetail(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: unknown; details?: { path?: unknown; message?: unknown }[] };
    const first = Array.isArray(body.details) ? body.details[0] : undefined;
    const parts = [typeof body.error === "string" ? body.error : "", first && typeof first.message === "string" ? `${String(first.path ?? "")}: ${first.message}` : ""];
    const text = parts.filter(Boolean).join(": ");
    return text ? text.slice(0, 160) : undefined;
  } catch {
    return undefined;
  }
}

async function answer(pageUrl: string): Promise<BarState> {
  const current = await settings();
  const server = current.serverUrl;
  const failed = (failure: Failure): BarState => ({ kind: "error", line: failureLine(server, failure, current.token) });
  const called = await call("/context", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(contextFor(pageUrl)) }, current);
  if (!called.ok) return failed(called.failure);
  const { response } = called;
  if (!response.ok) {
    const retryAfterSeconds = response.status === 429 ? retryAfter(response) : undefined;
    const detail = response.status === 401 || response.status === 429 ? undefined : await errorDetail(response);
    return failed({ kind: "status", status: response.status, tokenSet: current.token !== "", ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }), ...(detail === undefined ? {} : { detail }) });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failed({ kind: "invalid", problem: "not JSON" });
  }
  const checked = readAnswer(body);
  return checked.ok ? { kind: "results", server, results: checked.value } : failed({ kind: "invalid", problem: checked.problem });
}

/**
 * Asks `GET /config` which other hosts the server serves (`customDomains`) and runs the bar there
 * too. Chrome injects it only on hosts the user allowed (the options page asks); a server that
 * does not answer leaves the registration as it was.
 */
async function refreshConfig(): Promise<{ customDomains: string[] } | { error: string }> {
  const current = await settings();
  const called = await call("/config", { method: "GET" }, current);
  if (!called.ok) return { error: failureLine(current.serverUrl, called.failure, current.token) };
  if (!called.response.ok) return { error: failureLine(current.serverUrl, { kind: "status", status: called.response.status, tokenSet: current.token !== "" }, current.token) };
  let customDomains: string[];
  try {
    customDomains = readCustomDomains(await called.response.json());
  } catch {
    return { error: failureLine(current.serverUrl, { kind: "invalid", problem: "GET /config did not answer JSON" }, current.token) };
  }
  // A save while this was in flight started its own refresh: that one registers.
  if ((await settings()).serverUrl !== current.serverUrl) return { customDomains };
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [CUSTOM_DOMAINS_SCRIPT] });
  if (existing.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [CUSTOM_DOMAINS_SCRIPT] });
  if (customDomains.length > 0) {
    await chrome.scripting.registerContentScripts([
      { id: CUSTOM_DOMAINS_SCRIPT, matches: customDomains.map((origin) => `${origin}/*`), js: ["content.js"], runAt: "document_idle", persistAcrossSessions: true },
    ]);
  }
  await chrome.storage.local.set({ customDomains });
  return { customDomains };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const request = message as Request | undefined;
  if (sender.id !== chrome.runtime.id || typeof request !== "object" || request === null) return undefined;
  if (request.kind === "context" && typeof request.url === "string") {
    // The URL must be the sending frame's own page (same origin), not one a page script chose.
    let sameOrigin = false;
    try {
      sameOrigin = sender.url !== undefined && new URL(sender.url).origin === new URL(request.url).origin;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin) return undefined;
    void answer(request.url).then(sendResponse);
    return true;
  }
  if (request.kind === "refresh-config") {
    void refreshConfig().then(sendResponse);
    return true;
  }
  return undefined;
});
chrome.runtime.onInstalled.addListener(() => void refreshConfig());
chrome.runtime.onStartup.addListener(() => void refreshConfig());
