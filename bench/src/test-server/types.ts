/** Which API a request was addressed to (by path prefix), or `other` for the second origin. */
export type Provider = "circleci" | "circonus";

/**
 * A fault injected into matching requests. Each rule fires on the `count` matching requests
 * after the first `skip` (default: 1 request, no skip), then retires.
 */
export type FaultKind =
  /** Answer with `status` (5xx, 4xx…) and an optional JSON/text body and headers. */
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** 429 with `Retry-After: retryAfter` (seconds or HTTP-date; default "1"). */
  | { kind: "rate-limit"; retryAfter?: string }
  /** Destroys the socket before any byte is answered (connection reset). */
  | { kind: "reset" }
  /** Sends the headers and half the body, waits `delayMs`, then the rest. */
  | { kind: "slow-body"; delayMs: number }
  /** Declares the full Content-Length, sends half the body, then closes the connection. */
  | { kind: "truncated-body" }
  /** A complete HTTP message whose JSON is cut in the middle (Content-Length matches). */
  | { kind: "truncated-json" }
  /** 200 with `Content-Type: application/json` and a body that is not JSON. */
  | { kind: "invalid-json"; body?: string }
  /**
   * A redirect (`status`, default 302) to the same path on the other origin, on this one
   * (`to: "same"`), or with a Location header that is not a URL (`to: "malformed"`).
   */
  | { kind: "redirect"; to: "other" | "same" | "malformed"; status?: number }
  /**
   * Answers `status` with a body that quotes every credential header it received (a careless
   * server): after `padding` filler characters (to land across an excerpt's cut), upper-cased
   * with `upperCase`, as plain text with `text`.
   */
  | { kind: "echo-credentials"; status: number; padding?: number; upperCase?: boolean; text?: boolean };

export type FaultRule = FaultKind & {
  /** Only requests to this provider. */
  provider?: Provider;
  /** Only requests whose path (after the provider prefix, e.g. `me`, `check_bundle`) matches. */
  path?: string | RegExp;
  /** Only requests whose query has these parameters with these values (`""` = absent). */
  query?: Record<string, string>;
  /** Matching requests let through before the fault fires. Default 0. */
  skip?: number;
  /** Matching requests the fault fires on. Default 1; `Infinity` for every one. */
  count?: number;
};

/** One request the server received, with every header it saw (lower-case names). */
export interface RecordedRequest {
  origin: "main" | "other";
  provider: Provider | undefined;
  method: string;
  /** Path and query as received. */
  url: string;
  /** Path after the provider prefix, e.g. `project/gh/acme/checkout/pipeline`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The status answered, or the fault that replaced the answer. */
  outcome: number | "reset" | "truncated-body" | "slow-body";
  at: number;
}

export interface RateLimitOptions {
  /** Requests accepted per provider in any 1-second window; more get 429. */
  requestsPerSecond: number;
  /** `Retry-After` sent with the 429, in seconds. Default 1. */
  retryAfterSeconds?: number;
}

export interface CircleCIWorldOptions {
  /** Token the server accepts (`Circle-Token` or `Authorization: Bearer`). */
  token?: string;
  /** Pipelines of a project (newest first). Default 3. */
  pipelinesFor?: (slug: string) => number;
  /** Items per page of every cursor list. Default 20 (CircleCI's fixed size). */
  pageSize?: number;
}

export interface CirconusWorldOptions {
  token?: string;
  /** Check bundles matching any search. Default 2. */
  checkBundles?: number;
  /** Rule sets matching any search. Default 1. */
  ruleSets?: number;
  /** Alerts matching any search. Default 1. */
  alerts?: number;
}

export interface TestServerOptions {
  /** Added before each answer (ms). Default 0. */
  latencyMs?: number;
  rateLimit?: RateLimitOptions;
  circleci?: CircleCIWorldOptions;
  circonus?: CirconusWorldOptions;
  faults?: readonly FaultRule[];
  /** Keep every request in `requests` (default true). Benchmarks turn it off to keep memory flat; counters still run. */
  record?: boolean;
}

export interface ServerCounters {
  /** Every request received, both origins. */
  total: number;
  byProvider: Record<Provider, number>;
  /** Requests answered per status (plus `reset` etc. for faults). */
  byOutcome: Record<string, number>;
  /** 429s sent by the rate limiter (not by injected faults). */
  rateLimited: Record<Provider, number>;
  /** Requests the other origin received. */
  otherOrigin: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
