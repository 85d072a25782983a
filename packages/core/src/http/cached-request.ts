import { redactedUrlOf, type Call } from "./call.js";
import type { ClientState } from "./client-state.js";
import type { CachedResponse } from "./response-cache.js";
import { parseAndValidate, responseOf } from "./response.js";
import { retryLoop } from "./retry-loop.js";
import { safeHook } from "./safe-hook.js";
import type { TtlCache } from "./ttl-cache.js";
import type { HttpResponse } from "./types.js";

/**
 * A GET through the client's cache: a fresh entry, a load another caller already started, or
 * a load of its own. Only an answer that parsed and validated is stored. The shared load ends
 * only when every caller waiting for it has gone; each caller's own signal ends its own wait.
 */
export async function cachedRequest<T>(state: ClientState, cache: TtlCache<CachedResponse>, call: Call<T>, dataOnly: boolean | undefined): Promise<HttpResponse<T> | T> {
  const { value, hit } = await cache.get(
    call.url.href,
    async (shared) => {
      // The shared load ends only when every waiter has gone (the cache aborts `shared`).
      const loadCall: Call<T> = { ...call, signal: shared, attempts: 0, activeMs: 0 };
      const raw = await retryLoop(state, loadCall);
      call.attempts = loadCall.attempts;
      const entry: CachedResponse = { raw, validated: new WeakMap() };
      parseAndValidate(state, loadCall, raw, entry); // only what parsed and validated is stored
      return entry;
    },
    call.signal,
  );
  if (hit) {
    safeHook(state.hooks, "onResponse", () => ({
      provider: state.provider,
      operation: call.options.operation,
      method: call.method,
      url: redactedUrlOf(call),
      attempt: 0,
      status: value.raw.status,
      durationMs: 0,
      fromCache: true,
    }));
  }
  const data = parseAndValidate(state, call, value.raw, value);
  return dataOnly ? data : responseOf(call, value.raw, data);
}

/** Drops what a write to `url` makes stale: the path itself, what is below it, and its parents. */
export async function invalidateAfterWrite(state: ClientState, cache: TtlCache<CachedResponse>, url: URL): Promise<void> {
  const written = url.pathname.replace(/\/+$/, "");
  const basePathLength = state.baseUrl.pathname.length;
  await cache.invalidateEverywhere((key) => {
    let path: string;
    try {
      path = new URL(key).pathname.replace(/\/+$/, "");
    } catch {
      return true;
    }
    return path === written || path.startsWith(`${written}/`) || (written.startsWith(`${path}/`) && path.length >= basePathLength - 1);
  });
}
