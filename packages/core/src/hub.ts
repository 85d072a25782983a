import { createCallMemo, type CallMemo } from "./call-memo.js";
import { assertCompatible, type Connector, type VerifyReport } from "./connector.js";
import { normalizeKeys, type CorrelationKeys, type CorrelationKeysInput } from "./correlation-keys.js";
import { deliveryMetrics } from "./delivery-metrics.js";
import { DEFAULT_FAILURE_WINDOW_MS, type DeliveryIncompletePart, type DeliveryReport } from "./delivery-report.js";
import type { AuditFinding, FindResult, Locator } from "./correlator.js";
import { ConfigurationError, InvalidInputError, ToolweaveError } from "./errors.js";
import { toToolweaveError } from "./to-toolweave-error.js";

export { toToolweaveError };
import { collectInsights, type InsightsOptions } from "./collect-insights.js";
import { incompletePart } from "./incomplete-part.js";
import type { PageInsights } from "./page-insights.js";
import { resolveUrl, type ResolveUrlOptions } from "./resolve-url.js";
import type { UrlResolution } from "./url-resolution.js";
import { mapConcurrent } from "./map-concurrent.js";
import {
  ALERT_EVENT_KINDS,
  DEFAULT_SUSPECT_WINDOW_MS,
  DEPLOY_EVENT_KINDS,
  findSuspects,
  mergeEvents,
  overlapsWindow,
  type EventsResult,
  type ServiceEvent,
  type ServiceEventKind,
  type Timeline,
} from "./service-event.js";

/** Options of the hub's `timeline`. */
export interface TimelineOptions {
  /** Start of the window, inclusive. */
  since: Date;
  /** End of the window, inclusive. */
  until: Date;
  /** How long after a deploy an alert is linked to it. Default 60 minutes. */
  suspectWindowMs?: number;
  /** Also link failed deploys as suspects. Default `false`. */
  includeFailedDeploys?: boolean;
  signal?: AbortSignal;
  /**
   * Shared by every call made for one answer (see {@link CallMemo}); the timeline's own passes
   * share one even without it. Pass the page's memo when the same answer also asks for a status.
   */
  memo?: CallMemo;
}

/** Options of the hub's `delivery`. */
export interface DeliveryOptions {
  /** Start of the window, inclusive. */
  since: Date;
  /** End of the window, inclusive. */
  until: Date;
  /** The env to measure (else the keys' `env`); absent in both: every env, each rule within one env. */
  env?: string;
  /** How long after a deploy an alert is attributed to it, and a rollback counts against it. Default 60 minutes. */
  failureWindowMs?: number;
  signal?: AbortSignal;
  /** Shared by every call made for one answer: a page that shows a timeline and delivery health passes one, so no pipeline is read twice. */
  memo?: CallMemo;
}

/** One connector's outcome: its value, or the error that stopped it. Never both. */
export type ConnectorResult<T> =
  | { connectorId: string; displayName: string; ok: true; value: T; durationMs: number }
  | { connectorId: string; displayName: string; ok: false; error: ToolweaveError; durationMs: number };

/** Options for {@link createHub}. */
export interface HubOptions {
  /** The connector instances to compose; each id at most once. */
  connectors: readonly Connector[];
  /** Connectors queried at once. Default 4. */
  concurrency?: number;
}

/** Several connectors queried together, made by {@link createHub}. */
export interface Hub {
  /** The connectors, in the order given. */
  readonly connectors: readonly Connector[];
  /** Runs `fn` on every connector with the concurrency bound; one failure never hides another's result. */
  fanOut<T>(fn: (connector: Connector, signal?: AbortSignal) => Promise<T>, options?: { signal?: AbortSignal }): Promise<ConnectorResult<T>[]>;
  /** Where each tool would look for these keys (no calls). */
  locate(keys: CorrelationKeysInput): { connectorId: string; locators: Locator[] }[];
  /**
   * Which catalog service, env and resource a web page is about: a repository page of GitHub,
   * GitLab or Bitbucket (read by core), or a page of a connector's own web app (its
   * `correlator.pages`). The service is named by the resource's own keys, else the catalog
   * entry with the page's `repo`, else the service named like the repository. Never rejects
   * for a page it cannot read: `matched: false` with `reason` and `fix` says why (rejects only
   * when `signal` aborts).
   */
  resolve(url: string | URL, options: ResolveUrlOptions): Promise<UrlResolution>;
  /**
   * What a person on the resolved page wants to know, as lines with links: on a repository or
   * commit page the last deploy per env (and whether this commit is live), the latest build and
   * the alerts open now; on a deploy pipeline's page the alerts that opened after it went live;
   * on an alert's page its suspect deploys and the deploy to roll back to. Read through
   * `timeline` (one walk per answer); every part that could not be read is a line of its own.
   */
  insights(resolution: UrlResolution, options?: InsightsOptions): Promise<PageInsights>;
  /**
   * Finds the service's resources in every tool. Each connector's `FindResult` is passed
   * through unchanged, `incomplete` included: a connector that answered partly is `ok: true`
   * with a non-empty `value.incomplete`, never a silently shorter list.
   */
  correlate(keys: CorrelationKeysInput, options?: { signal?: AbortSignal; memo?: CallMemo }): Promise<ConnectorResult<FindResult>[]>;
  /**
   * One timeline for the service: every connector whose correlator has `events` is asked
   * for its events, the answers are merged in time order and alerts are linked to the
   * deploys that may have caused them ({@link findSuspects}). A connector that rejects
   * becomes an entry in `incomplete` (its lookup named `events from <displayName>`); the
   * others' events are still returned. Connectors without `events` are absent, not incomplete.
   *
   * To link an alert that opened just after `since` to a deploy just before it, connectors
   * are asked from `since - suspectWindowMs`. An alert shown because it was still open at
   * `since` may have opened long before: connectors are then asked a second time, for deploys
   * only (`kinds`), from the earliest such alert's start minus the window (see {@link lookBackWindows});
   * a connector failing that pass is listed in `incomplete` as `deploys from <displayName>
   * between …`. Of the look-back only the deploys a suspect names are kept. `events` holds
   * the events that overlap `[since, until]` (an alert that opened before `since` and was
   * still open, or cleared after it, included), each once.
   * @throws InvalidInputError when a date is invalid, `since` is after `until`, or the window is negative.
   */
  timeline(keys: CorrelationKeysInput, options: TimelineOptions): Promise<Timeline>;
  /**
   * Delivery health of the service: the events read once by the timeline's own walk (its
   * first pass, from `since - failureWindowMs`; no more requests than `timeline` over the same
   * window), then {@link deliveryMetrics}. A connector that fails is an incomplete part naming
   * the kinds of event it supplies (`Correlator.eventKinds`), so only the figures those feed
   * are marked incomplete.
   * @throws InvalidInputError when a date is invalid, `since` is after `until`, or the window is negative.
   */
  delivery(keys: CorrelationKeysInput, options: DeliveryOptions): Promise<DeliveryReport>;
  /** Runs every connector's `verify()`; a connector that throws gets an `ok: false` result. */
  verifyAll(options?: { signal?: AbortSignal }): Promise<ConnectorResult<VerifyReport>[]>;
}

/**
 * Composes connector instances: fan-out with a concurrency bound and per-connector results.
 * @throws ConfigurationError when two connectors share an id, one was built for another
 * contract version, or `concurrency` is not a positive integer.
 */
export function createHub(options: HubOptions): Hub {
  const connectors = [...options.connectors];
  const ids = new Set<string>();
  for (const connector of connectors) {
    const version = (connector as { contractVersion?: string }).contractVersion;
    if (version !== undefined) assertCompatible({ id: connector.id, contractVersion: version });
    if (ids.has(connector.id)) {
      throw new ConfigurationError(`The hub was given two connectors with id "${connector.id}".`, {
        fix: "Give each connector instance once (use separate hubs for several accounts of one tool).",
      });
    }
    ids.add(connector.id);
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError(`Hub concurrency must be a positive integer (got ${concurrency}).`, { fix: "Pass concurrency: 4, for example." });
  }

  async function fanOut<T>(fn: (connector: Connector, signal?: AbortSignal) => Promise<T>, opts: { signal?: AbortSignal } = {}) {
    return mapConcurrent(connectors, concurrency, async (connector): Promise<ConnectorResult<T>> => {
      const started = performance.now();
      const base = { connectorId: connector.id, displayName: connector.displayName };
      try {
        opts.signal?.throwIfAborted();
        const value = await fn(connector, opts.signal);
        return { ...base, ok: true, value, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        return { ...base, ok: false, error: toToolweaveError(error, connector.id), durationMs: Math.round(performance.now() - started) };
      }
    });
  }

  /**
   * The walk behind `timeline` and `delivery`: every connector with `events`, asked from
   * `since - windowMs` to `until` (so an alert just after `since` finds its deploy) with one
   * memo, then (`lookBack`) a second pass for the deploys of alerts that opened before that
   * and were still open at `since`. Each failure is an incomplete part naming its provider and
   * the kinds it could have produced.
   */
  async function readEvents(
    keys: CorrelationKeys,
    o: { since: Date; until: Date; windowMs: number; lookBack: boolean; signal: AbortSignal | undefined; memo: CallMemo | undefined },
  ): Promise<{ all: ServiceEvent[]; incomplete: DeliveryIncompletePart[] }> {
    const { since, until, windowMs } = o;
    // Both passes ask the same connectors about the same service: what one read, the other reuses.
    const memo = o.memo ?? createCallMemo();
    const withEvents = connectors.filter((c) => typeof c.correlator.events === "function");
    const ask = (window: { since: Date; until: Date; kinds?: readonly ServiceEventKind[] }) =>
      mapConcurrent(withEvents, concurrency, async (c) => {
        try {
          o.signal?.throwIfAborted();
          const value = await c.correlator.events!(keys, { ...window, memo, ...(o.signal ? { signal: o.signal } : {}) });
          return { connector: c, value: checkEventsResult(c.id, value) };
        } catch (error) {
          return { connector: c, error: toToolweaveError(error, c.id) };
        }
      });
    const incomplete: DeliveryIncompletePart[] = [];
    const collected = new Map<string, ServiceEvent>();
    const collect = (results: Awaited<ReturnType<typeof ask>>, lookup: (displayName: string) => string, partPrefix = "") => {
      for (const r of results) {
        const kinds = r.connector.correlator.eventKinds;
        const about = { provider: r.connector.id, ...(kinds ? { kinds: [...kinds] } : {}) };
        if ("value" in r && r.value) {
          for (const e of r.value.events) collected.set(`${e.provider}\u0000${e.kind}\u0000${e.id}`, e);
          for (const part of r.value.incomplete) incomplete.push({ ...part, lookup: `${partPrefix}${part.lookup}`, ...about });
        } else {
          incomplete.push({ ...incompletePart(lookup(r.connector.displayName), r.error), ...about });
        }
      }
    };
    const from = new Date(since.getTime() - windowMs);
    collect(await ask({ since: from, until }), (name) => `events from ${name}`);
    if (o.lookBack) {
      // An alert shown because it was open at `since` may have opened long before; its
      // suspects are deploys up to `windowMs` before it, which the first pass did not read.
      const lookBack = lookBackWindows(
        [...collected.values()].filter((e) => e.kind === "alert-opened" && overlapsWindow(e, since, until)).map((e) => Date.parse(e.start)),
        windowMs,
        from.getTime(),
      );
      for (const window of lookBack) {
        const span = `between ${window.since.toISOString()} and ${window.until.toISOString()}`;
        collect(
          await ask({ since: window.since, until: window.until, kinds: DEPLOY_EVENT_KINDS }),
          (name) => `deploys from ${name} ${span} (suspects of alerts open at since)`,
          `look-back for suspects of alerts open at since (deploys ${span}): `,
        );
      }
    }
    return { all: mergeEvents([...collected.values()]), incomplete };
  }

  const hub: Hub = {
    connectors,
    fanOut,
    locate(input) {
      const keys = normalizeKeys(input);
      return connectors.map((c) => ({ connectorId: c.id, locators: c.correlator.resolve(keys) }));
    },
    correlate(input, opts) {
      const keys = normalizeKeys(input);
      const memo = opts?.memo ? { memo: opts.memo } : {};
      return fanOut(async (c, signal) => checkFindResult(c.id, await c.correlator.find(keys, { ...(signal ? { signal } : {}), ...memo })), opts);
    },
    async timeline(input, opts) {
      const keys = normalizeKeys(input);
      const { since, until } = opts;
      const windowMs = opts.suspectWindowMs ?? DEFAULT_SUSPECT_WINDOW_MS;
      checkWindow("timeline", "suspectWindowMs", since, until, windowMs);
      const { all, incomplete } = await readEvents(keys, { since, until, windowMs, lookBack: true, signal: opts.signal, memo: opts.memo });
      const overlaps = (e: ServiceEvent) => overlapsWindow(e, since, until);
      const shown = all.filter(overlaps);
      const suspects = findSuspects(all, { windowMs, includeFailedDeploys: opts.includeFailedDeploys ?? false }).filter((s) =>
        shown.some((e) => e.kind === "alert-opened" && e.id === s.alertId && e.provider === s.alertProvider),
      );
      const named = new Set(suspects.map((s) => `${s.provider}\u0000${s.deployId}`));
      const events = all.filter((e) => shown.includes(e) || ((e.kind === "deploy" || e.kind === "deploy-failed") && named.has(`${e.provider}\u0000${e.id}`)));
      return {
        keys,
        since: since.toISOString(),
        until: until.toISOString(),
        suspectWindowMs: windowMs,
        events,
        suspects,
        incomplete: incomplete.map(({ kinds: _kinds, ...part }) => part),
        complete: incomplete.length === 0,
      };
    },
    async delivery(input, opts) {
      // The env is read as keys are (trimmed, lower case): the connectors are asked about it, and the figures filter by it.
      const keys = normalizeKeys({ ...input, ...(opts.env === undefined ? {} : { env: opts.env }) });
      const env = keys.env;
      const { since, until } = opts;
      const windowMs = opts.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS;
      checkWindow("delivery", "failureWindowMs", since, until, windowMs);
      // The timeline's first pass, nothing more: every figure is about deploys and alerts that
      // started inside the window, and an alert there is attributed to a deploy at most
      // `windowMs` before it. The look-back for alerts open at `since` names no figure.
      const { all, incomplete } = await readEvents(keys, { since, until, windowMs, lookBack: false, signal: opts.signal, memo: opts.memo });
      incomplete.push(...unreadKinds(connectors, keys.service));
      return deliveryMetrics(all, { since, until, failureWindowMs: windowMs, service: keys.service, ...(env === undefined ? {} : { env }), incomplete });
    },
    resolve(url, opts) {
      return resolveUrl(connectors, url, opts);
    },
    insights(resolution, opts = {}) {
      return collectInsights({ connectors, timeline: (keys, o) => hub.timeline(keys, o) }, resolution, opts);
    },
    verifyAll(opts) {
      return fanOut((c, signal) => c.verify(signal ? { signal } : {}), opts);
    },
  };
  return hub;
}

/**
 * The window the timeline's second pass reads for deploys: every alert whose suspect window
 * `[opened - windowMs, opened]` starts before `firstFrom` (the first pass's start) needs the
 * part of it the first pass did not read. One span, from the earliest such start to
 * `min(latest opened, firstFrom - 1 ms)`, is asked rather than one per alert: a provider
 * walking its history newest first (CircleCI) then walks it once, and the deploys of the
 * gaps between alerts are simply not named by any suspect. Empty when no alert needs it.
 */
export function lookBackWindows(alertStarts: readonly number[], windowMs: number, firstFrom: number): { since: Date; until: Date }[] {
  const needing = alertStarts.filter((t) => Number.isFinite(t) && t - windowMs < firstFrom);
  if (needing.length === 0) return [];
  const since = Math.min(...needing) - windowMs;
  const until = Math.min(Math.max(...needing), firstFrom - 1);
  return [{ since: new Date(since), until: new Date(until) }];
}

/** The kinds delivery health reads, by what a person would call them. */
const DELIVERY_SOURCES: readonly { what: string; kinds: readonly ServiceEventKind[]; example: string }[] = [
  { what: "deploys", kinds: DEPLOY_EVENT_KINDS, example: "@toolweave/connector-circleci" },
  { what: "alerts", kinds: ALERT_EVENT_KINDS, example: "@toolweave/connector-circonus" },
];

/**
 * What no connector of the hub can read, as incomplete parts (provider `"hub"`): with no
 * monitoring connector, no alert was seen, and a change failure rate of 0 would be a claim
 * made from nothing. A correlator with `events` and no `eventKinds` is taken to read every kind.
 */
export function unreadKinds(connectors: readonly Connector[], service: string): DeliveryIncompletePart[] {
  const readers = connectors.filter((c) => typeof c.correlator.events === "function");
  const reads = (kind: ServiceEventKind) => readers.some((c) => c.correlator.eventKinds === undefined || c.correlator.eventKinds.includes(kind));
  return DELIVERY_SOURCES.filter((source) => !source.kinds.some(reads)).map((source) => ({
    lookup: `${source.what} of ${service}: none of the hub's connectors reads them`,
    error: {
      kind: "configuration",
      message: `No connector given to the hub reads ${source.what} (${source.kinds.join(", ")}), so the figures that need them were measured without any.`,
      fix: `Give the hub a connector whose correlator reads ${source.what}, e.g. ${source.example}.`,
      isRetryable: false,
    },
    retryable: false,
    provider: "hub",
    kinds: [...source.kinds],
  }));
}

/**
 * Refuses a `find` answer that is not a `FindResult` (a connector written for contract
 * version 1 returned a bare array): passing it on would hide whether it is complete.
 */
function checkFindResult(connectorId: string, value: unknown): FindResult {
  const v = value as Partial<FindResult> | null | undefined;
  if (v && Array.isArray(v.resources) && Array.isArray(v.incomplete)) return v as FindResult;
  throw new ToolweaveError(`${connectorId}: correlator.find returned ${Array.isArray(value) ? "an array" : typeof value}, not { resources, incomplete } (contract version 2).`, {
    provider: connectorId,
    fix: "Upgrade the connector to one built for this @toolweave/core (contract version 2).",
  });
}

function checkWindow(what: string, windowName: string, since: Date, until: Date, windowMs: number): void {
  const bad = (d: unknown) => !(d instanceof Date) || Number.isNaN(d.getTime());
  if (bad(since) || bad(until)) {
    throw new InvalidInputError(`${what} needs valid Date values for since and until.`, { fix: "Pass { since: new Date(...), until: new Date(...) }." });
  }
  if (since.getTime() > until.getTime()) {
    throw new InvalidInputError(`${what}: since (${since.toISOString()}) is after until (${until.toISOString()}).`, { fix: "Swap since and until, or widen the window." });
  }
  if (typeof windowMs !== "number" || !Number.isFinite(windowMs) || windowMs < 0) {
    throw new InvalidInputError(`${what}: ${windowName} must be a finite number of milliseconds >= 0 (got ${String(windowMs)}).`, { fix: `Pass ${windowName}: 3_600_000 for one hour.` });
  }
}

/** Refuses an `events` answer that is not `{ events, incomplete }`, so a malformed answer is never shown as complete. */
function checkEventsResult(connectorId: string, value: unknown): EventsResult {
  const v = value as Partial<EventsResult> | null | undefined;
  if (v && Array.isArray(v.events) && Array.isArray(v.incomplete)) return v as EventsResult;
  throw new ToolweaveError(`${connectorId}: correlator.events returned ${Array.isArray(value) ? "an array" : typeof value}, not { events, incomplete }.`, {
    provider: connectorId,
    fix: "Return { events, incomplete } from correlator.events.",
  });
}

/** Groups audit findings by service (findings without one go under `""`). */
export function groupFindingsByService(findings: readonly AuditFinding[]): Map<string, AuditFinding[]> {
  const groups = new Map<string, AuditFinding[]>();
  for (const finding of findings) {
    const key = finding.service ?? "";
    const list = groups.get(key) ?? [];
    list.push(finding);
    groups.set(key, list);
  }
  return groups;
}

