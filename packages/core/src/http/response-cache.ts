import { redactText } from "../redact.js";
import { HTTP_DEFAULTS } from "./http-defaults.js";
import { rawResponse, type RawResponse } from "./raw-response.js";
import { credentialHeaderNames, storableHeaders } from "./storable-headers.js";
import type { StoreScope } from "./stores.js";
import { TtlCache } from "./ttl-cache.js";
import type { HttpClientSettings } from "./types.js";

/** What the cache keeps: the raw answer and its validated forms, one per schema used. */
export interface CachedResponse {
  raw: RawResponse;
  validated: WeakMap<object, unknown>;
}

/**
 * The client's GET cache, or `undefined` when `settings.cache` is off: in memory, or backed by
 * the `stores.cache` store under `scope` (shared between clients and processes).
 */
export function createResponseCache(settings: HttpClientSettings, scope: Promise<StoreScope> | undefined): TtlCache<CachedResponse> | undefined {
  if (!settings.cache) return undefined;
  const cacheSettings = { ttlMs: settings.cache.ttlMs, maxEntries: settings.cache.maxEntries ?? HTTP_DEFAULTS.cacheEntries };
  const cacheStore = settings.stores?.cache;
  const cacheSpace = cacheStore && scope ? scope.then((s) => cacheStore.open(s, cacheSettings)) : undefined;
  if (!cacheSpace) return new TtlCache<CachedResponse>(cacheSettings.ttlMs, cacheSettings.maxEntries);
  const credentialHeaders = credentialHeaderNames(settings.authenticate);
  cacheSpace.catch(() => undefined);
  return new TtlCache<CachedResponse>(cacheSettings.ttlMs, cacheSettings.maxEntries, {
    get: async (key) => {
      const stored = await (await cacheSpace).get(key);
      // Read back as a fresh answer would be.
      return stored === undefined ? undefined : { raw: rawResponse(stored.status, stored.headers, stored.text, stored.url), validated: new WeakMap() };
    },
    generation: async () => await (await cacheSpace).generation(),
    set: async (key, value, ttlMs, since) => {
      const { status, headers, text, url } = value.raw;
      // A live secret inside the body (a commit message quoting the token) is masked in the stored copy too.
      await (await cacheSpace).set(key, { status, headers: storableHeaders(headers, credentialHeaders), text: redactText(text), url }, ttlMs, since);
    },
    invalidate: async (match) => await (await cacheSpace).invalidate(match),
  });
}
