import type { CorrelationKeys } from "./correlation-keys.js";

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
 * A connector's view of correlation: where to look for a service (`resolve`), what a resource
 * says about itself (`extract`), which resources break the conventions (`audit`), and
 * `find`, which performs the lookups `resolve` describes.
 */
export interface Correlator<TResource = unknown> {
  readonly provider: string;
  resolve(keys: CorrelationKeys): Locator[];
  extract(resource: TResource): Partial<CorrelationKeys>;
  audit(resources: readonly TResource[]): AuditFinding[];
  find(keys: CorrelationKeys, options?: { signal?: AbortSignal }): Promise<ResourceRef[]>;
}
