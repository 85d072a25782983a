/**
 * `@toolweave/core/testing`: the conformance suite every connector runs with one call.
 * Needs `vitest` and `msw` (optional peer dependencies of this package).
 */
import { setImmediate as realSetImmediate } from "node:timers";
import { inspect } from "node:util";
import { http, HttpResponse, type JsonBodyType, type RequestHandler } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  InvalidResponseError,
  NotFoundError,
  PaginationLimitError,
  PermissionError,
  RedirectError,
  TimeoutError,
  ToolweaveError,
} from "./errors.js";
import { normalizeKeys, type CorrelationKeys, type CorrelationKeysInput } from "./correlation-keys.js";

export {
  SAMPLE_MODES,
  responseSchema,
  sampleFromSchema,
  specResponseSamples,
  type SampleMode,
  type SpecSampleOptions,
  type SpecSchema,
} from "./spec-samples.js";
export { runStoreSuite, type StoreSuiteBackend, type StoreSuiteOptions } from "./store-suite.js";
export { secretLeakCheck, recordingHooks, type SecretLeakCheck } from "./secret-leaks.js";
export { configurationErrorOf } from "./configuration-error-of.js";
export { expectReadmeSettingsTable } from "./expect-readme-settings-table.js";
import type { FindResult } from "./correlator.js";
import { SERVICE_EVENT_KINDS, type EventsOptions, type EventsResult } from "./service-event.js";
import { deliveryTruthViolations, eventsTruthViolations, type TruthEvent } from "./events-truth.js";
import { createHub } from "./hub.js";
import type { Connector } from "./connector.js";
import type { Correlator } from "./correlator.js";
import { Secret } from "./secret.js";
import { joinPath, runtimeSettingsChecks, serveLoopingList } from "./runtime-settings-checks.js";
import { runVerifyConformance, type VerifyConformanceCase } from "./verify-conformance.js";
import { runPageReaderConformance, type PageReaderConformanceCase } from "./page-reader-conformance.js";
import { buildVerifyReport } from "./verify-report.js";

export { deliveryTruthViolations, eventsTruthViolations, type EventsTruth, type TruthEvent } from "./events-truth.js";
export { verifyReportProblems, type VerifyConformanceCase } from "./verify-conformance.js";
export type { PageReaderConformanceCase } from "./page-reader-conformance.js";

/**
 * Identifiers a server may return where its spec says only "string": empty, blank, of another
 * type, path-like, percent signs, whitespace, non-Latin, control characters, very long, words
 * that look like missing values. Helpers (links, ids, titles) must never throw on them.
 */
export const ODD_IDENTIFIERS: readonly string[] = [
  "",
  " ",
  "abc",
  "/alert/abc",
  "/check_bundle/",
  "../../etc/passwd",
  "%zz%",
  "a b\tc",
  "名前-ü",
  "line\nbreak",
  "\u0000nul",
  "null",
  "NaN",
  "-1",
  "9".repeat(400),
  "x".repeat(5000),
];

/** One hand-built scenario whose right answer is known, for {@link ConformanceOptions.eventsTruth}. */
export interface EventsTruthScenario {
  /** What the scenario shows, e.g. `alert opened 45 days ago, still open`. */
  name: string;
  keys: CorrelationKeysInput;
  since: Date;
  until: Date;
  /** Every event of the service in this scenario (ids as the connector names them), in the window or not. */
  truth: readonly TruthEvent[];
  /** msw handlers serving the scenario (absolute URLs under `baseUrl`); they should answer as the real API does. */
  handlers(baseUrl: string): RequestHandler[];
  /**
   * `true` when nothing in the scenario fails, so the answer must also be complete
   * (`incomplete: []`): a connector that gives up and says so is honest, but not right.
   */
  complete?: boolean;
}
import type { HttpHooks } from "./http/types.js";
import type { RuntimeSettings } from "./runtime-settings.js";

export interface ConformanceOptions<C> {
  /** Suite title, e.g. `CircleCI`. */
  name: string;
  /** Base URL the client is created with (https, not loopback); handlers are registered under it. */
  baseUrl: string;
  /** Canary token, valid for the connector's credential schema. */
  secret: string;
  /** Creates a client; `runtime` must be forwarded into the factory's runtime settings. */
  create(args: { baseUrl: string; secret: string; runtime: RuntimeSettings }): C;
  /** Headers every request must carry (lower-case names), e.g. `{ "circle-token": secret }`. */
  authHeaders: Record<string, string>;
  /** One GET operation: its path relative to `baseUrl`, a valid body, and a body that breaks the schema. */
  get: { path: string; body: unknown; driftBody: unknown; call(client: C, signal?: AbortSignal): Promise<unknown> };
  /** One paginated list, and a page that would make a naive client loop forever. */
  list: {
    path: string;
    call(client: C): Promise<unknown[]>;
    loopingPage(request: Request): { body: unknown; headers?: Record<string, string> };
  };
  /**
   * A correlation in which one sub-lookup keeps failing (e.g. 503 or 429 on every attempt):
   * the suite checks that `find` still answers, and reports that lookup in `incomplete`
   * (retryable, with a redacted error) instead of dropping it. The suite runs it with one
   * retry and millisecond backoff.
   */
  partialFind?: {
    keys: CorrelationKeysInput;
    /** msw handlers for every request `find` makes with these keys (absolute URLs under `baseUrl`). */
    handlers(baseUrl: string): RequestHandler[];
    call(client: C, keys: CorrelationKeys): Promise<FindResult>;
    /** What the failed part's `lookup` must say, e.g. `/workflows of pipeline #2/`. */
    lookup: RegExp;
  };
  /**
   * For a correlator with `events`: a window with at least one event. The suite checks the
   * answer's shape (`{ events, incomplete }`), that every event has a known kind, this
   * connector as provider, a parsable ISO `start` (and `end` not before it), an id unique
   * within the answer, that no event starts after `until`, and that the canary never
   * appears in it.
   */
  events?: {
    keys: CorrelationKeysInput;
    since: Date;
    until: Date;
    /** The connector id the events must carry as `provider`. */
    provider: string;
    /** msw handlers for every request `events` makes (absolute URLs under `baseUrl`). */
    handlers(baseUrl: string): RequestHandler[];
    call(client: C, keys: CorrelationKeys, options: { since: Date; until: Date }): Promise<EventsResult>;
  };
  /**
   * Hand-built scenarios where the right answer is known. For each, `events` must hold
   * {@link eventsTruthViolations}: every event overlapping the window present exactly once,
   * none invented, or an incomplete part saying the answer is not whole. When the client is a
   * `Connector`, the same scenario goes through a hub's `timeline` and is held to the same
   * property, suspects included.
   */
  eventsTruth?: {
    call(client: C, keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
    scenarios: readonly EventsTruthScenario[];
  };
  /**
   * Data a server returned with odd identifiers ({@link ODD_IDENTIFIERS}) where the spec says
   * "string": `handlers(baseUrl, id)` serves resources and events carrying `id`; `find` and
   * `events` must still answer (a link that cannot be built is left out), every `url` given
   * must be an absolute http(s) URL, and nothing may throw.
   */
  oddIdentifiers?: {
    keys: CorrelationKeysInput;
    handlers(baseUrl: string, id: string): RequestHandler[];
    find?(client: C, keys: CorrelationKeys): Promise<FindResult>;
    events?(client: C, keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
    since?: Date;
    until?: Date;
  };
  /**
   * `verify()`, which must build its report with core's rule (`ok` = every check passed or
   * failed as advisory). `create` makes a client whose credential has the given dates; the
   * suite checks an expired token gives `ok: false` with a failed `rotation` check, and a token
   * expiring in a few days `ok: true` with an advisory one, against `handlers` that accept
   * the credential; that every request refused (401, 403, 500, no connection) gives `ok: false`
   * with a failed check carrying the refusal's kind, status and fix; and that a `verify()` its
   * caller cancelled rejects with an `AbortedError` (a cancelled check did not fail).
   */
  verify?: VerifyConformanceCase<C>;
  /**
   * For a correlator with `pages` (a `PageReader`): pages of the tool's web app and their
   * kinds. The suite checks each is read as that kind with no query, fragment or credentials
   * kept, a foreign host gives `undefined`, an unknown path `{ ok: false, reason }`, a
   * malformed escape never throws, a refused lookup is an incomplete part (never a rejection),
   * and the canary appears nowhere.
   */
  pages?: PageReaderConformanceCase<C>;
}

/**
 * A connector for tests of code that composes connectors (a hub, a timeline, a CLI): id
 * `id`, display name `id` in upper case, a dummy credential, a `verify()` that answers
 * `ok: true`, and a correlator that finds nothing and has no `events`, unless `correlator`
 * gives its own `find`, `events`, `resolve` and so on.
 */
export function stubConnector(id: string, correlator: Partial<Omit<Correlator, "provider">> = {}): Connector {
  const credential = { provider: id, kind: "test", secret: new Secret("stub-secret-value-123") };
  return {
    id,
    displayName: id.toUpperCase(),
    credential,
    verify: async () => buildVerifyReport({ provider: id, credential, checks: [] }),
    correlator: {
      provider: id,
      resolve: () => [],
      extract: () => ({}),
      audit: () => [],
      find: async () => ({ resources: [], incomplete: [] }),
      ...correlator,
    },
  };
}

/**
 * An msw server for a test file: listening with `onUnhandledRequest: "error"` (a request
 * without a handler fails the test, so nothing reaches the network), handlers reset after each
 * test, and `requests` listing what was sent during the current test.
 */
export function useMswServer(): { server: ReturnType<typeof setupServer>; requests: Request[] } {
  const server = setupServer();
  const requests: Request[] = [];
  server.events.on("request:start", ({ request }) => {
    requests.push(request);
  });
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return { server, requests };
}

/**
 * Runs a connector operation the way a caller would — awaits a promise, or collects a paged
 * list — and returns what it threw (`undefined` when it succeeded). For table-driven tests of
 * bad arguments, where the error must come before any request.
 */
export async function settle(call: () => unknown): Promise<unknown> {
  try {
    const result = call();
    if (result && typeof (result as { toArray?: unknown }).toArray === "function") {
      await (result as { toArray(): Promise<unknown> }).toArray();
    } else {
      await result;
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Options of {@link runOnFakeClock}. */
export interface FakeClockOptions {
  /** Fake milliseconds per step. Default 5. */
  readonly stepMs?: number;
  /** Fake milliseconds after which the run fails as stuck. Default 600 000. */
  readonly limitMs?: number;
}

/**
 * Awaits `promise` while moving vitest's fake clock (`vi.useFakeTimers()`, called by the test)
 * forward in small steps, letting real I/O (a loopback server, msw) run between steps. Timeouts,
 * deadlines, `Retry-After` pauses and throttle slots then happen in fake time: a test about time
 * is exact and passes at any machine load. Rejects when the promise has not settled within
 * `limitMs` of fake time.
 */
export async function runOnFakeClock<T>(promise: Promise<T>, options: FakeClockOptions = {}): Promise<T> {
  const stepMs = options.stepMs ?? 5;
  const limitMs = options.limitMs ?? 600_000;
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let elapsed = 0; !settled; elapsed += stepMs) {
    if (elapsed >= limitMs) throw new Error(`runOnFakeClock: still pending after ${limitMs} ms of fake time.`);
    await vi.advanceTimersByTimeAsync(stepMs);
    // A real macrotask turn, so socket I/O is not starved by the fake clock.
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
  return promise;
}

/** Registers describe/it blocks checking the shared runtime behaviour through a connector. */
export function runConformanceSuite<C>(options: ConformanceOptions<C>): void {
  const server = setupServer();
  const url = joinPath(options.baseUrl, options.get.path);
  const listUrl = joinPath(options.baseUrl, options.list.path);
  const events: unknown[] = [];
  const hooks: HttpHooks = {
    onRequest: (e) => events.push(e),
    onResponse: (e) => events.push(e),
    onRetry: (e) => events.push(e),
    onError: (e) => events.push({ ...e, error: { message: e.error.message, json: e.error.toJSON() } }),
  };
  const make = (runtime: RuntimeSettings = {}) =>
    options.create({
      baseUrl: options.baseUrl,
      secret: options.secret,
      runtime: {
        retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
        timeoutMs: 2_000,
        throttle: false,
        maxPages: 5,
        hooks,
        ...runtime,
      },
    });

  const expectNoCanary = (value: unknown, where: string) => {
    const texts = [
      typeof value === "string" ? value : "",
      inspect(value, { depth: 8, showHidden: true }),
      (() => {
        try {
          return JSON.stringify(value) ?? "";
        } catch {
          return "";
        }
      })(),
      value instanceof Error ? `${value.message}\n${value.stack ?? ""}\n${String(value.cause ?? "")}` : "",
    ];
    for (const text of texts) expect(text.includes(options.secret), `canary secret leaked in ${where}`).toBe(false);
  };

  const failWith = async (status: number, body: JsonBodyType) => {
    server.use(http.get(url, () => HttpResponse.json(body, { status })));
    return options.get.call(make()).then(
      () => undefined,
      (error: unknown) => error,
    );
  };

  describe(`${options.name} conformance (@toolweave/core/testing)`, () => {
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterEach(() => {
      server.resetHandlers();
      events.length = 0;
    });
    afterAll(() => server.close());

    it("sends the credential headers and Accept: application/json", async () => {
      let seen: Headers | undefined;
      server.use(
        http.get(url, ({ request }) => {
          seen = request.headers;
          return HttpResponse.json(options.get.body as JsonBodyType);
        }),
      );
      await options.get.call(make());
      expect(seen).toBeDefined();
      for (const [name, value] of Object.entries(options.authHeaders)) expect(seen!.get(name)).toBe(value);
      expect(seen!.get("accept")).toContain("application/json");
    });

    it("never puts the secret in the URL, errors, hook events or serialised client", async () => {
      let requestUrl = "";
      server.use(
        http.get(url, ({ request }) => {
          requestUrl = request.url;
          return HttpResponse.json({ message: "Internal error" }, { status: 500 });
        }),
      );
      const client = make();
      const error = await options.get.call(client).catch((e: unknown) => e);
      expect(ToolweaveError.isInstance(error)).toBe(true);
      expect(requestUrl.includes(options.secret)).toBe(false);
      expectNoCanary(error, "error");
      expectNoCanary(events, "hook events");
      expectNoCanary(client, "client");
      for (const status of [401, 403, 404]) expectNoCanary(await failWith(status, { message: `echo ${options.secret}` }), `HTTP ${status} error`);
    });

    it("retries 429 honouring Retry-After, then succeeds", async () => {
      let calls = 0;
      server.use(
        http.get(url, () => {
          calls += 1;
          return calls === 1
            ? HttpResponse.json({ message: "Rate limit exceeded." }, { status: 429, headers: { "retry-after": "0" } })
            : HttpResponse.json(options.get.body as JsonBodyType);
        }),
      );
      await options.get.call(make());
      expect(calls).toBe(2);
    });

    it("retries 503 and a network reset", async () => {
      let calls = 0;
      server.use(
        http.get(url, () => {
          calls += 1;
          if (calls === 1) return HttpResponse.json({ message: "unavailable" }, { status: 503 });
          if (calls === 2) return HttpResponse.error();
          return HttpResponse.json(options.get.body as JsonBodyType);
        }),
      );
      await options.get.call(make());
      expect(calls).toBe(3);
    });

    it.each([
      [401, AuthenticationError],
      [403, PermissionError],
      [404, NotFoundError],
    ] as const)("does not retry HTTP %i and throws the matching error", async (status, ErrorClass) => {
      let calls = 0;
      server.use(
        http.get(url, () => {
          calls += 1;
          return HttpResponse.json({ message: "no" }, { status });
        }),
      );
      const error = await options.get.call(make()).catch((e: unknown) => e);
      expect(calls).toBe(1);
      expect(ErrorClass.isInstance(error), `expected ${ErrorClass.name}, got ${String(error)}`).toBe(true);
      expect((error as ToolweaveError).isRetryable).toBe(false);
    });

    it("times out a slow attempt with TimeoutError", async () => {
      server.use(
        http.get(url, async () => {
          await new Promise((r) => setTimeout(r, 500));
          return HttpResponse.json(options.get.body as JsonBodyType);
        }),
      );
      const error = await options.get.call(make({ timeoutMs: 50, retry: false })).catch((e: unknown) => e);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
    });

    it("honours the caller's AbortSignal", async () => {
      server.use(
        http.get(url, async () => {
          await new Promise((r) => setTimeout(r, 500));
          return HttpResponse.json(options.get.body as JsonBodyType);
        }),
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const error = await options.get.call(make(), controller.signal).catch((e: unknown) => e);
      expect((error as Error).name).toBe("AbortError");
    });

    it("terminates pagination that never ends", async () => {
      const calls = serveLoopingList(server, listUrl, options.list.loopingPage);
      const error = await options.list.call(make()).catch((e: unknown) => e);
      expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
      expect(calls()).toBeLessThanOrEqual(5);
    });

    it("turns invalid JSON and schema drift into InvalidResponseError", async () => {
      server.use(http.get(url, () => new HttpResponse("<html>proxy login</html>{", { status: 200, headers: { "content-type": "application/json" } })));
      const notJson = await options.get.call(make()).catch((e: unknown) => e);
      expect(InvalidResponseError.isInstance(notJson), String(notJson)).toBe(true);
      server.use(http.get(url, () => HttpResponse.json(options.get.driftBody as JsonBodyType)));
      const drift = await options.get.call(make()).catch((e: unknown) => e);
      expect(InvalidResponseError.isInstance(drift), String(drift)).toBe(true);
      expect((drift as Error).message).toMatch(/unexpected response shape at/);
    });

    const partial = options.partialFind;
    it.runIf(partial !== undefined)("reports a failed sub-lookup of find in incomplete instead of dropping it", async () => {
      const p = partial!;
      server.use(...p.handlers(options.baseUrl));
      const client = make({ retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 } });
      const result = await p.call(client, normalizeKeys(p.keys));
      expect(Array.isArray(result.resources), "find must return { resources, incomplete }").toBe(true);
      const part = result.incomplete.find((i) => p.lookup.test(i.lookup));
      expect(part, `expected an incomplete part matching ${String(p.lookup)}, got ${JSON.stringify(result.incomplete)}`).toBeDefined();
      expect(part!.retryable).toBe(true);
      expect(part!.error.isRetryable).toBe(true);
      expect(typeof part!.error.message).toBe("string");
      expectNoCanary(result, "find result");
    });

    const ev = options.events;
    it.runIf(ev !== undefined)("returns well-formed service events from correlator.events", async () => {
      const c = ev!;
      server.use(...c.handlers(options.baseUrl));
      const client = make();
      const result = await c.call(client, normalizeKeys(c.keys), { since: c.since, until: c.until });
      expect(Array.isArray(result.events) && Array.isArray(result.incomplete), "events must return { events, incomplete }").toBe(true);
      // A correlator with events says which kinds it can return: when it fails, the hub's delivery
      // marks incomplete only the figures those kinds feed (a monitoring tool down leaves the deploy count whole).
      const declared = (client as unknown as Partial<Connector>).correlator?.eventKinds;
      const correlatorHasEvents = typeof (client as unknown as Partial<Connector>).correlator?.events === "function";
      if (correlatorHasEvents) {
        expect(declared, "correlator.eventKinds: declare the kinds correlator.events can return, e.g. [\"deploy\", \"deploy-failed\"]").toBeDefined();
        for (const kind of declared ?? []) expect(SERVICE_EVENT_KINDS, "correlator.eventKinds").toContain(kind);
      }
      expect(result.events.length, "the fixture window should hold at least one event").toBeGreaterThan(0);
      const ids = new Set<string>();
      for (const event of result.events) {
        expect(SERVICE_EVENT_KINDS, `kind of ${event.id}`).toContain(event.kind);
        expect(event.provider).toBe(c.provider);
        expect(ids.has(event.id), `duplicate event id ${event.id}`).toBe(false);
        ids.add(event.id);
        const start = Date.parse(event.start);
        expect(Number.isNaN(start), `start of ${event.id}: ${event.start}`).toBe(false);
        expect(start, `${event.id} starts after until`).toBeLessThanOrEqual(c.until.getTime());
        if (event.end !== undefined) expect(Date.parse(event.end), `end of ${event.id}`).toBeGreaterThanOrEqual(start);
        expect(typeof event.title).toBe("string");
        if (declared) expect(declared, `${event.id} is a ${event.kind}, a kind correlator.eventKinds does not declare`).toContain(event.kind);
        for (const [field, value] of [["triggeredAt", event.triggeredAt], ["commit.committedAt", event.commit?.committedAt]] as const) {
          if (value !== undefined) expect(Number.isNaN(Date.parse(value)), `${field} of ${event.id}: ${value}`).toBe(false);
        }
      }
      expectNoCanary(result, "events result");
    });

    const truth = options.eventsTruth;
    describe.runIf(truth !== undefined)("events tell the whole truth (hand-built scenarios)", () => {
      for (const sc of truth?.scenarios ?? []) {
        it(`${sc.name}: events and hub.timeline`, async () => {
          server.use(...sc.handlers(options.baseUrl));
          const client = make();
          const keys = normalizeKeys(sc.keys);
          const answer = await truth!.call(client, keys, { since: sc.since, until: sc.until });
          expect(eventsTruthViolations(answer, { events: sc.truth, since: sc.since, until: sc.until }), "correlator.events").toEqual([]);
          if (sc.complete) expect(answer.incomplete, "nothing failed, so the answer must be complete").toEqual([]);
          const connector = client as unknown as Partial<Connector>;
          if (connector.correlator?.events && typeof connector.id === "string") {
            const hub = createHub({ connectors: [connector as Connector] });
            const timeline = await hub.timeline(keys, { since: sc.since, until: sc.until });
            expect(eventsTruthViolations(timeline, { events: sc.truth, since: sc.since, until: sc.until }), "hub.timeline").toEqual([]);
            if (sc.complete) expect(timeline.complete, JSON.stringify(timeline.incomplete)).toBe(true);
            // Delivery health reads through the same walk: held to the truth in the same way.
            const report = await hub.delivery(keys, { since: sc.since, until: sc.until });
            expect(deliveryTruthViolations(report, { events: sc.truth, since: sc.since, until: sc.until, ...(keys.env ? { env: keys.env } : {}) }), "hub.delivery").toEqual([]);
          }
          expectNoCanary(answer, "events result");
        });
      }
    });

    const odd = options.oddIdentifiers;
    it.runIf(odd !== undefined)("answers find and events on odd identifiers a server returned, leaving out links it cannot build", async () => {
      const o = odd!;
      const keys = normalizeKeys(o.keys);
      const until = o.until ?? new Date();
      const since = o.since ?? new Date(until.getTime() - 86_400_000);
      const checkUrl = (url: unknown, where: string) => {
        if (url === undefined) return;
        expect(typeof url === "string" && /^https?:\/\//.test(url) && URL.canParse(url), `${where}: url ${String(url).slice(0, 80)}`).toBe(true);
      };
      for (const id of ODD_IDENTIFIERS) {
        server.resetHandlers();
        server.use(...o.handlers(options.baseUrl, id));
        const client = make();
        const label = JSON.stringify(id.slice(0, 30));
        if (o.find) {
          const found = await o.find(client, keys).catch((error: unknown) => error);
          expect(found instanceof Error ? `find threw on ${label}: ${found.message}` : "", "find").toBe("");
          for (const r of (found as FindResult).resources) checkUrl(r.url, `find ${label}`);
        }
        if (o.events) {
          const result = await o.events(client, keys, { since, until }).catch((error: unknown) => error);
          expect(result instanceof Error ? `events threw on ${label}: ${result.message}` : "", "events").toBe("");
          for (const e of (result as EventsResult).events) checkUrl(e.url, `events ${label}`);
        }
      }
    });

    runVerifyConformance({ server, baseUrl: options.baseUrl, secret: options.secret, hooks, verify: options.verify, expectNoCanary });
    runPageReaderConformance({ server, baseUrl: options.baseUrl, secret: options.secret, make, pages: options.pages, expectNoCanary });

    it("refuses a redirect to another origin without sending the credential", async () => {
      let leaked = false;
      server.use(
        http.get(url, () => new HttpResponse(null, { status: 302, headers: { location: "https://elsewhere.conformance.test/steal" } })),
        http.get("https://elsewhere.conformance.test/steal", () => {
          leaked = true;
          return HttpResponse.json({});
        }),
      );
      const error = await options.get.call(make()).catch((e: unknown) => e);
      expect(RedirectError.isInstance(error), String(error)).toBe(true);
      expect(leaked).toBe(false);
    });

    runtimeSettingsChecks(server, options);
  });
}
