// Part of the conformance suite (`runConformanceSuite`): every runtime setting given to the
// factory must reach the HTTP client. A connector that copies runtime keys by hand drops the
// ones added later (stores, userAgent, maxResponseBytes …); each check here fails for that.
import { http, HttpResponse, type JsonBodyType } from "msw";
import type { SetupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { InvalidResponseError, PaginationLimitError, TimeoutError, ToolweaveError } from "./errors.js";
import { createMemoryStores } from "./http/memory-stores.js";
import type { CacheStore, Stores, ThrottleStore } from "./http/stores.js";
import type { HttpHooks } from "./http/types.js";
import { RUNTIME_SETTING_KEYS, type RuntimeSettings } from "./runtime-settings.js";

/** What the checks need of the suite's options (see `ConformanceOptions`). */
export interface RuntimeSettingsCheckOptions<C> {
  baseUrl: string;
  secret: string;
  create(args: { baseUrl: string; secret: string; runtime: RuntimeSettings }): C;
  get: { path: string; body: unknown; call(client: C, signal?: AbortSignal): Promise<unknown> };
  list: { path: string; call(client: C): Promise<unknown[]>; loopingPage(request: Request): { body: unknown; headers?: Record<string, string> } };
}

/** The app's product token the checks pass as `userAgent`. */
const APP_PRODUCT = "conformance-probe/1.0";
/** A connector's own product token: `toolweave-<id>/<version>`, never core's default. */
const CONNECTOR_PRODUCT = /^toolweave-(?!core\/)[a-z][a-z0-9-]*\/\S+$/;

export const joinPath = (base: string, path: string) => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
const settle = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** A fetch that never answers: it settles only when the client aborts the attempt. */
function silentFetch(): { fetch: typeof globalThis.fetch; calls: () => number } {
  let calls = 0;
  const fetch: typeof globalThis.fetch = (_input, init) => {
    calls += 1;
    return new Promise((_resolve, reject) => {
      const signal = init?.signal;
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  };
  return { fetch, calls: () => calls };
}

/**
 * Answers every GET of `listUrl` with `loopingPage` (a page that always points at a next one),
 * for the checks that a list stops; `calls()` counts the pages asked for.
 */
export function serveLoopingList(server: SetupServer, listUrl: string, loopingPage: (request: Request) => { body: unknown; headers?: Record<string, string> }): () => number {
  let calls = 0;
  server.use(
    http.get(listUrl, ({ request }) => {
      calls += 1;
      const page = loopingPage(request);
      return HttpResponse.json(page.body as JsonBodyType, page.headers ? { headers: page.headers } : {});
    }),
  );
  return () => calls;
}

/** Memory stores that record what each store was opened with. */
function recordingStores(): { stores: Stores; opened: { throttle: unknown[]; cache: unknown[] } } {
  const memory = createMemoryStores();
  const opened = { throttle: [] as unknown[], cache: [] as unknown[] };
  const throttle: ThrottleStore = {
    open: (scope, settings) => {
      opened.throttle.push(settings);
      return memory.throttle.open(scope, settings);
    },
  };
  const cache: CacheStore = {
    open: (scope, settings) => {
      opened.cache.push(settings);
      return memory.cache.open(scope, settings);
    },
  };
  return { stores: { throttle, cache }, opened };
}

/**
 * Registers one check per runtime setting (inside the suite's `describe`, on its msw server):
 * `fetch` is used, `hooks` are called, `userAgent` follows the connector's own product token,
 * `maxResponseBytes` is enforced, `retry`, `timeoutMs` and `deadlineMs` apply, `throttle` and
 * `cache` reach the shared `stores` (which are opened), the cache serves a repeated GET, and a
 * list stops at `maxPages`.
 */
export function runtimeSettingsChecks<C>(server: SetupServer, options: RuntimeSettingsCheckOptions<C>): void {
  const url = joinPath(options.baseUrl, options.get.path);
  const listUrl = joinPath(options.baseUrl, options.list.path);
  // Quiet defaults, so each check shows the one setting it is about.
  const make = (runtime: RuntimeSettings) => options.create({ baseUrl: options.baseUrl, secret: options.secret, runtime: { retry: false, throttle: false, ...runtime } });
  const serve = () => {
    const seen: Request[] = [];
    server.use(
      http.get(url, ({ request }) => {
        seen.push(request);
        return HttpResponse.json(options.get.body as JsonBodyType);
      }),
    );
    return seen;
  };

  describe("every runtime setting reaches the HTTP client", () => {
    it("covers every runtime setting core has", () => {
      // A new runtime setting needs a check here too.
      expect([...RUNTIME_SETTING_KEYS].sort()).toEqual(["cache", "deadlineMs", "fetch", "hooks", "maxPages", "maxResponseBytes", "retry", "stores", "throttle", "timeoutMs", "userAgent"]);
    });

    it("fetch: the given fetch sends the requests", async () => {
      serve();
      let calls = 0;
      const fetch: typeof globalThis.fetch = (input, init) => {
        calls += 1;
        return globalThis.fetch(input, init);
      };
      await options.get.call(make({ fetch }));
      expect(calls, "the fetch setting was not used").toBeGreaterThan(0);
    });

    it("hooks: onRequest and onResponse are called", async () => {
      serve();
      const seen: string[] = [];
      const hooks: HttpHooks = { onRequest: () => void seen.push("request"), onResponse: () => void seen.push("response") };
      await options.get.call(make({ hooks }));
      expect(seen, "the hooks setting was not used").toContain("request");
      expect(seen, "the hooks setting was not used").toContain("response");
    });

    it("userAgent: appended to the connector's own product token (toolweave-<id>/<version>)", async () => {
      const seen = serve();
      await options.get.call(make({ userAgent: APP_PRODUCT }));
      const userAgent = seen[0]?.headers.get("user-agent") ?? "";
      const [own, ...rest] = userAgent.split(" ");
      expect(own, `User-Agent ${JSON.stringify(userAgent)}: the connector must send its own product token first (pass its version.ts PRODUCT)`).toMatch(CONNECTOR_PRODUCT);
      expect(rest.join(" "), `User-Agent ${JSON.stringify(userAgent)}: the userAgent setting was not appended`).toBe(APP_PRODUCT);
    });

    it("maxResponseBytes: a larger body is refused with InvalidResponseError", async () => {
      serve();
      await options.get.call(make({}));
      const bytes = JSON.stringify(options.get.body).length;
      const error = await settle(options.get.call(make({ maxResponseBytes: Math.max(1, bytes - 1) })));
      expect(InvalidResponseError.isInstance(error), `a ${bytes}-byte body under maxResponseBytes ${bytes - 1}: ${String(error)}`).toBe(true);
      expect((error as Error).message).toContain("maxResponseBytes");
    });

    it("retry: { retries: 1 } makes two attempts, retry: false one", async () => {
      let calls = 0;
      server.use(
        http.get(url, () => {
          calls += 1;
          return HttpResponse.json({ message: "unavailable" }, { status: 503 });
        }),
      );
      await settle(options.get.call(make({ retry: { retries: 1, minDelayMs: 0, maxDelayMs: 0 } })));
      expect(calls, "retry { retries: 1 }").toBe(2);
      calls = 0;
      await settle(options.get.call(make({ retry: false })));
      expect(calls, "retry: false").toBe(1);
    });

    it("timeoutMs: an attempt that gets no answer ends after timeoutMs", async () => {
      const silent = silentFetch();
      // Without the setting the default (10 s) would apply, and this test would time out.
      const error = await settle(options.get.call(make({ fetch: silent.fetch, timeoutMs: 5 })));
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
      expect((error as ToolweaveError).details.deadline, "ended by the deadline, not by timeoutMs").not.toBe(true);
      expect(silent.calls()).toBe(1);
    });

    it("deadlineMs: a call that gets no answer ends after deadlineMs", async () => {
      const silent = silentFetch();
      const error = await settle(options.get.call(make({ fetch: silent.fetch, timeoutMs: 600_000, deadlineMs: 5 })));
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
      expect((error as ToolweaveError).details.deadline, "the deadlineMs setting was not used").toBe(true);
    });

    it("throttle and stores: the shared throttle store is opened with the throttle settings; throttle: false opens none", async () => {
      serve();
      const shared = recordingStores();
      await options.get.call(make({ stores: shared.stores, throttle: { maxConcurrency: 3, requestsPerSecond: 50 } }));
      expect(shared.opened.throttle, "the stores setting's throttle store was not opened").toHaveLength(1);
      expect(shared.opened.throttle[0], "the throttle setting did not reach the store").toMatchObject({ maxConcurrency: 3, requestsPerSecond: 50 });
      const off = recordingStores();
      await options.get.call(make({ stores: off.stores, throttle: false }));
      expect(off.opened.throttle, "throttle: false was not passed on").toHaveLength(0);
    });

    it("cache and stores: a repeated GET is served from the cache; the shared cache store is opened with the cache settings", async () => {
      const seen = serve();
      const local = make({ cache: { ttlMs: 60_000 } });
      await options.get.call(local);
      await options.get.call(local);
      expect(seen, "the cache setting was not used: the second GET reached the server").toHaveLength(1);
      seen.length = 0;
      const shared = recordingStores();
      const client = make({ stores: shared.stores, cache: { ttlMs: 60_000, maxEntries: 7 } });
      await options.get.call(client);
      await options.get.call(client);
      expect(shared.opened.cache, "the stores setting's cache store was not opened").toHaveLength(1);
      expect(shared.opened.cache[0]).toMatchObject({ ttlMs: 60_000, maxEntries: 7 });
      expect(seen).toHaveLength(1);
    });

    it("maxPages: a list stops after maxPages pages with PaginationLimitError", async () => {
      const calls = serveLoopingList(server, listUrl, options.list.loopingPage);
      const error = await settle(options.list.call(make({ maxPages: 1 })));
      expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
      expect(calls(), "the maxPages setting was not used").toBe(1);
    });
  });
}
