import type { CallMemo } from "./call-memo.js";
import type { CorrelationKeys } from "./correlation-keys.js";
import type { IncompletePart } from "./incomplete-part.js";
import type { LatestBuildResult, PageReader, PageReadOptions } from "./page-focus.js";
import type { EventsOptions, EventsResult, ServiceEventKind } from "./service-event.js";

/** A resource found in a tool, with the correlation keys read from it. */
export interface ResourceRef {
  /** Connector id, e.g. `circleci`. */
  provider: string;
  /** Resource kind in that tool, e.g. `context`, `workflow`, `check_bundle`, `alert`. */
  kind: string;
  /** The tool's id for it (opaque). */
  id: string;
  name: string;
  /** Deep link to the tool's UI, when one can be built. */
  url?: string;
  /** Keys read back from the resource's name, tags or parameters. */
  keys: Partial<CorrelationKeys>;
  /** Tool-specific facts worth showing (status, severity, timestamps). */
  attributes?: Record<string, unknown>;
}

/** Where to look in a tool for a service: the outcome of `resolve`, before any call. */
export interface Locator {
  provider: string;
  /** What will be looked up, e.g. `project`, `context`, `workflow`, `tag-search`. */
  kind: string;
  /** The exact name, slug or query, e.g. `svc-checkout-prod` or `(tags:service:checkout)`. */
  value: string;
  /** Why this locator: which convention produced it. */
  rule: string;
}

/** How serious an {@link AuditFinding} is: `error` should be fixed; `warning` is worth reviewing. */
export type AuditSeverity = "error" | "warning";

/** A resource that breaks a naming convention. */
export interface AuditFinding {
  provider: string;
  resource: Pick<ResourceRef, "kind" | "id" | "name"> & { url?: string };
  /** The rule broken, e.g. `context-name` or `tag-lowercase`. */
  rule: string;
  severity: AuditSeverity;
  message: string;
  /** A name or tag that would follow the convention, when one can be derived. */
  suggestion?: string;
  /** The service this finding belongs to, when known. */
  service?: string;
}

/**
 * What `Correlator.find` returns: the resources found, and every lookup that failed and was
 * therefore not looked at. An empty `incomplete` means the answer is complete; a non-empty
 * one means `resources` may be missing items (never that they are wrong).
 */
export interface FindResult {
  resources: ResourceRef[];
  incomplete: IncompletePart[];
}

/** Options of `Correlator.find`. */
export interface FindOptions {
  signal?: AbortSignal;
  /** Shared by every call made for one answer, so none of their lookups is made twice (see {@link CallMemo}). */
  memo?: CallMemo;
}

/**
 * A connector's view of correlation: where to look for a service (`resolve`), what a resource
 * says about itself (`extract`), which resources break the conventions (`audit`), and
 * `find`, which performs the lookups `resolve` describes.
 */
export interface Correlator<TResource = unknown> {
  /** Connector id, e.g. `circleci`. */
  readonly provider: string;
  /** Where to look for the service named by `keys`, per the connector's conventions; makes no call. */
  resolve(keys: CorrelationKeys): Locator[];
  /** The correlation keys a resource's name, tags or parameters carry; `{}` when it follows no convention. */
  extract(resource: TResource): Partial<CorrelationKeys>;
  /** The resources (of the connector's own types) that break a naming convention, with suggestions. */
  audit(resources: readonly TResource[]): AuditFinding[];
  /**
   * Performs the lookups `resolve` describes. A failed sub-lookup that does not stop the
   * whole answer (one pipeline's workflows, one search) goes into `incomplete`; it is never
   * dropped silently. A failure that leaves nothing to report (bad credential, missing
   * project) rejects the promise instead.
   */
  find(keys: CorrelationKeys, options?: FindOptions): Promise<FindResult>;
  /**
   * Optional: the service's events (deploys, failed deploys, alerts opened and cleared,
   * annotations) within `[since, until]`, both inclusive; an event that started before
   * `since` and is still open or ended after it may be included. Same honesty rule as
   * `find`: a sub-lookup that failed or was cut goes into `incomplete`; a failure that
   * leaves nothing to report rejects. A correlator without it is simply absent from the
   * hub's timeline.
   */
  events?(keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
  /**
   * Optional, with `events`: the kinds of event this correlator's `events` can return (CI:
   * deploys; monitoring: alerts, annotations). When it cannot answer, the hub's `delivery`
   * then marks incomplete only the figures those kinds feed (a monitoring tool down leaves the
   * deployment count complete). Absent: a failure is taken to touch every figure.
   */
  readonly eventKinds?: readonly ServiceEventKind[];
  /**
   * Optional: how this tool's web pages are read (the inverse of its deep links), so the hub's
   * `resolve(url)` can tell which service and resource a page of this tool is about.
   */
  readonly pages?: PageReader;
  /**
   * Optional (CI connectors): the latest build of the service's default branch, for a page's
   * insights. Same honesty rule as `find`.
   */
  latestBuild?(keys: CorrelationKeys, options?: PageReadOptions): Promise<LatestBuildResult>;
}
