import { inspect } from "node:util";
import type { HttpHooks, RuntimeSettings } from "@toolweave/core";
import { afterAll, beforeEach } from "vitest";
import { circleciFor, circonusFor } from "../bench/clients.js";
import { CIRCLECI_TOKEN, CIRCONUS_TOKEN, createTestServer, type Provider, type TestServer, type TestServerOptions } from "../test-server/index.js";

/** Items the list operations page through in the fault suite. */
export const LIST_TOTAL = 250;
export const PAGE_SIZE = 20;

/** Fast, bounded runtime settings: no timing assertions depend on them, they only keep the suite short. */
export const RUNTIME = {
  timeoutMs: 2_000,
  deadlineMs: 15_000,
  retry: { retries: 3, minDelayMs: 1, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
  throttle: false,
} as const satisfies RuntimeSettings;

const SERVER_OPTIONS: TestServerOptions = {
  circleci: { pipelinesFor: () => LIST_TOTAL, pageSize: PAGE_SIZE },
  circonus: { checkBundles: LIST_TOTAL },
};

/**
 * The test server of one test file (`const server = await useFaultServer();` at its top):
 * started with {@link SERVER_OPTIONS}, reset before each test, closed after the file.
 */
export async function useFaultServer(): Promise<TestServer> {
  const server = await createTestServer(SERVER_OPTIONS);
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  return server;
}

/** Everything a run produced that a user could see: results, errors, hook events. */
export class Observed {
  readonly events: { hook: string; event: unknown }[] = [];
  readonly outputs: unknown[] = [];
  readonly hooks: HttpHooks = {
    onRequest: (event) => this.events.push({ hook: "onRequest", event }),
    onResponse: (event) => this.events.push({ hook: "onResponse", event }),
    onRetry: (event) => this.events.push({ hook: "onRetry", event }),
    onError: (event) => this.events.push({ hook: "onError", event }),
  };
  retries(): number {
    return this.events.filter((e) => e.hook === "onRetry").length;
  }
  /** Everything, rendered every way a user might print it. */
  rendered(): string {
    const parts: string[] = [];
    const render = (value: unknown, depth = 0): void => {
      if (depth > 4) return;
      parts.push(inspect(value, { depth: 8, showHidden: true, getters: false }));
      try {
        parts.push(JSON.stringify(value) ?? "");
      } catch {
        // circular: inspect covers it
      }
      parts.push(String(value));
      if (value instanceof Error) {
        parts.push(value.message, value.stack ?? "");
        render((value as { cause?: unknown }).cause, depth + 1);
      }
    };
    for (const value of this.outputs) render(value);
    for (const { event } of this.events) {
      render(event);
      const error = (event as { error?: unknown }).error;
      if (error) render(error);
    }
    return parts.join("\n");
  }
}

export interface Driver {
  provider: Provider;
  /** The credential the server accepts: the canary that must never leak. */
  canary: string;
  /** The credential header this connector writes. */
  credentialHeader: string;
  /** Path (after the provider prefix) of the single GET. */
  getPath: string;
  /** Path of the paginated list. */
  listPath: string;
  create(server: TestServer, observed: Observed, runtime?: RuntimeSettings): DriverClient;
}

export interface DriverClient {
  client: object;
  get(): Promise<unknown>;
  /** Every item of the list, as stable keys in the order received. */
  listKeys(): Promise<string[]>;
  /** The keys the server serves, in its order. */
  expectedKeys: string[];
}

export const circleciDriver: Driver = {
  provider: "circleci",
  canary: CIRCLECI_TOKEN,
  credentialHeader: "circle-token",
  getPath: "me",
  listPath: "project/gh/acme/checkout/pipeline",
  create(server, observed, runtime = {}) {
    const client = circleciFor(server, { ...RUNTIME, hooks: observed.hooks, ...runtime });
    return {
      client,
      get: () => client.me(),
      listKeys: async () => (await client.listPipelines("gh/acme/checkout").toArray()).map((p) => String(p.number)),
      // Newest first: numbers LIST_TOTAL … 1.
      expectedKeys: Array.from({ length: LIST_TOTAL }, (_, i) => String(LIST_TOTAL - i)),
    };
  },
};

export const circonusDriver: Driver = {
  provider: "circonus",
  canary: CIRCONUS_TOKEN,
  credentialHeader: "x-circonus-auth-token",
  getPath: "account/current",
  listPath: "check_bundle",
  create(server, observed, runtime = {}) {
    const client = circonusFor(server, { ...RUNTIME, hooks: observed.hooks, uiUrl: "https://example-ops.circonus.com/", ...runtime });
    return {
      client,
      get: () => client.getAccount(),
      listKeys: async () => (await client.listCheckBundles({ pageSize: PAGE_SIZE }).toArray()).map((b) => b._cid),
      expectedKeys: Array.from({ length: LIST_TOTAL }, (_, i) => `/check_bundle/${10_000 + i}`),
    };
  },
};

export const DRIVERS = [circleciDriver, circonusDriver] as const;

/** Requests the main server received on a path of this provider. */
export function hits(server: TestServer, driver: Driver, path: string) {
  return server.requests.filter((r) => r.origin === "main" && r.provider === driver.provider && r.path === path);
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

