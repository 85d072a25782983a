import {
  ENV_PATTERN,
  NAME_PATTERN,
  normalizeKeys,
  type AuditFinding,
  type CorrelationKeys,
  type Correlator,
  type EventsOptions,
  type EventsResult,
  type FindResult,
  type ServiceEvent,
  type IncompletePart,
  type Locator,
  type ResourceRef,
  incompletePart,
  PaginationLimitError,
  ServiceError,
} from "@toolweave/core";
import { TAG_KEYS, type TagConventions, type TagKey } from "./conventions.js";
import { DEFAULT_ALERT_LOOKBACK_DAYS } from "./settings.js";
import { epochIso } from "./epoch-iso.js";
import type { CirconusAlert } from "./schemas/alert.js";
import type { CirconusAnnotation } from "./schemas/annotation.js";
import { alertEvents, alertKey, annotationEvent, annotationHasTags, compact } from "./service-events.js";
import type { CirconusCheckBundle } from "./schemas/check-bundle.js";
import type { CirconusRuleSet } from "./schemas/rule-set.js";
import { buildSearch, type CirconusSearch } from "./search.js";
import { cidType, resourceName, resourceTags, splitTag, type CirconusTaggedResource } from "./tags.js";
import type { CirconusUiLinks } from "./ui-links.js";
import { httpsUrl } from "@toolweave/core";

const PROVIDER = "circonus";

/** A search's items, and why the list ended early when it did (the items read are kept). */
export interface FoundList<T> {
  items: T[];
  truncated?: { reason: string } | undefined;
  /** Set when more items matched than `find` collects: only the first `capped` are in `items`. */
  capped?: number | undefined;
}

/** What `find` needs from the client. A search answers its items, or a `FoundList` saying the list ended early. */
export interface CirconusCorrelatorDeps {
  /** The tag categories that carry correlation keys. */
  conventions: TagConventions;
  /** Check bundles matching a tag search; without it `find` does not look for bundles. */
  checkBundles?(search: CirconusSearch, signal?: AbortSignal): Promise<CirconusCheckBundle[] | FoundList<CirconusCheckBundle>>;
  /** Rule sets matching a tag search; without it `find` does not look for rule sets. */
  ruleSets?(search: CirconusSearch, signal?: AbortSignal): Promise<CirconusRuleSet[] | FoundList<CirconusRuleSet>>;
  /** Active (uncleared) alerts of the last 30 days, the API's default window. */
  alerts?(search: CirconusSearch, signal?: AbortSignal): Promise<CirconusAlert[] | FoundList<CirconusAlert>>;
  /** UI links, when the UI root is known (links are omitted otherwise). */
  links?(signal?: AbortSignal): Promise<CirconusUiLinks | undefined>;
  /**
   * Alerts matching a tag search whose `occurred_on` lies in `[since, until]` (at most 30 days,
   * the most `/alert` searches), active or cleared; with `clearedSince`, only cleared ones that
   * cleared at or after it are needed (a hint the server may apply as a filter; the correlator
   * checks again). Without it `events` reports no alerts.
   */
  alertsInWindow?(
    search: CirconusSearch,
    window: { active: boolean; since: Date; until: Date; clearedSince?: Date },
    signal?: AbortSignal,
  ): Promise<CirconusAlert[] | FoundList<CirconusAlert>>;
  /**
   * Annotations whose description contains `text` (a tag), narrowed by `start` and `stop`
   * bounds (inclusive; hints the server may apply as filters — the correlator checks again),
   * newest first. Without it `events` reports no annotations.
   */
  annotations?(text: string, bounds: { startFrom?: Date; startTo: Date; stopFrom?: Date }, signal?: AbortSignal): Promise<CirconusAnnotation[] | FoundList<CirconusAnnotation>>;
  /** How many days before `since` alerts still open, or cleared inside the window, are searched. Default 90. */
  alertLookbackDays?: number;
}

/** The Circonus correlator (`client.correlator`): finds and audits resources by their tags, and lists a service's alerts and annotations as events. */
export interface CirconusCorrelator extends Correlator<CirconusTaggedResource> {
  /**
   * The service's alerts (`alert-opened`, `alert-cleared`) and annotations in the window. See
   * `createCirconusCorrelator` for which ones; a search that fails, is cut short or capped is
   * reported in `incomplete`; only when every search fails does it reject.
   */
  events(keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
}

/** How far back `/alert` can search in one request (https://docs.circonus.com/circonus/api/). */
const ALERT_WINDOW_MS = 30 * 86_400_000;

/**
 * `[from, until]` cut into `/alert` search windows of at most 30 days, newest first. Epochs
 * are whole seconds and both ends inclusive, so windows are one second apart.
 */
export function alertWindows(from: number, until: number): { since: Date; until: Date }[] {
  const windows: { since: Date; until: Date }[] = [];
  for (let end = until; end >= from; end -= ALERT_WINDOW_MS + 1000) {
    windows.push({ since: new Date(Math.max(from, end - ALERT_WINDOW_MS)), until: new Date(end) });
  }
  return windows;
}

const pattern = (key: TagKey) => (key === "env" ? ENV_PATTERN : NAME_PATTERN);

/** The tags that identify a service: `service:<s>` plus `env:`, `component:`, `team:` when given (lower case). */
export function correlationTags(keys: Partial<CorrelationKeys>, conventions: TagConventions): string[] {
  return TAG_KEYS.flatMap((key) => (keys[key] ? [`${conventions[key]}:${keys[key]}`] : []));
}

/**
 * The searches of one `find` or `events` call: each `attempt` returns its items, records a list
 * cut short or capped as an incomplete part (worded by `cap`), and a failed search as one too
 * (unless the caller aborted). `throwIfAllFailed` rejects with the first error when every search
 * started failed: then there is nothing to report.
 */
function searchLookups(signal: AbortSignal | undefined, cap: { capped: (n: number) => string; fix: string }) {
  const incomplete: IncompletePart[] = [];
  const errors: unknown[] = [];
  let started = 0;
  return {
    incomplete,
    async attempt<T>(lookup: string, run: () => Promise<T[] | FoundList<T>>): Promise<T[]> {
      started += 1;
      try {
        const found = await run();
        if (Array.isArray(found)) return found;
        if (found.truncated) {
          incomplete.push(incompletePart(`${lookup} after the first ${found.items.length}`, new ServiceError(found.truncated.reason, { provider: PROVIDER, isRetryable: true })));
        } else if (found.capped !== undefined) {
          const reason = new PaginationLimitError(cap.capped(found.capped), { provider: PROVIDER, fix: cap.fix });
          incomplete.push(incompletePart(`${lookup} beyond the first ${found.capped}`, reason));
        }
        return found.items;
      } catch (error) {
        if (signal?.aborted) throw error;
        errors.push(error);
        incomplete.push(incompletePart(lookup, error));
        return [];
      }
    },
    throwIfAllFailed(): void {
      if (started > 0 && errors.length === started) throw errors[0];
    },
  };
}

/**
 * Correlation through Circonus tags, which the server stores as lower-cased `category:value`
 * pairs (https://docs.circonus.com/circonus/appendix/search/):
 * `resolve` describes tag searches on check bundles, rule sets and alerts; `extract` reads keys from
 * `tags` / `_tags` / `_check_tags`; `audit` flags bundles without a service tag, mixed-case or
 * malformed tags and conflicting values; `find` runs the searches and returns deep-linked refs.
 * A search that fails is reported in `incomplete` while the others' results are kept; only when
 * every search fails does `find` reject (with the first error: nothing is left to report).
 */
export function createCirconusCorrelator(deps: CirconusCorrelatorDeps): CirconusCorrelator {
  const { conventions } = deps;
  const categoryToKey = new Map<string, TagKey>(TAG_KEYS.map((k) => [conventions[k], k]));

  function search(keys: CorrelationKeys): CirconusSearch {
    return buildSearch({ tags: correlationTags(keys, conventions) });
  }

  function resolve(input: CorrelationKeys): Locator[] {
    const keys = normalizeKeys(input);
    const value = search(keys).text;
    const tags = correlationTags(keys, conventions).join(", ");
    return [
      { provider: PROVIDER, kind: "check_bundle", value, rule: `check bundles tagged ${tags} (GET /check_bundle?search=)` },
      { provider: PROVIDER, kind: "rule_set", value, rule: `rule sets inheriting the bundle tags ${tags} (GET /rule_set?search=)` },
      { provider: PROVIDER, kind: "alert", value, rule: `active alerts of the last 30 days whose bundle was tagged ${tags} (GET /alert?search=)` },
    ];
  }

  function extract(resource: CirconusTaggedResource): Partial<CorrelationKeys> {
    const found = new Map<TagKey, Set<string>>();
    for (const tag of resourceTags(resource)) {
      // Circonus compares and stores tags in lower case (https://docs.circonus.com/circonus/appendix/search/),
      // so `ENV:PROD` is read as `env:prod`, as its searches match it; audit still flags the case.
      const { category, value, hasColon } = splitTag(tag.toLowerCase());
      const key = hasColon ? categoryToKey.get(category) : undefined;
      if (!key || !pattern(key).test(value)) continue;
      (found.get(key) ?? found.set(key, new Set()).get(key)!).add(value);
    }
    const out: Partial<CorrelationKeys> = {};
    for (const [key, values] of found) {
      // Two values for one key is a conflict (reported by audit), never a guess.
      if (values.size === 1) out[key] = [...values][0]!;
    }
    return out;
  }

  function audit(resources: readonly CirconusTaggedResource[]): AuditFinding[] {
    const findings: AuditFinding[] = [];
    for (const resource of resources) {
      const kind = cidType(resource._cid) ?? "resource";
      const ref = { kind, id: resource._cid ?? "(no cid)", name: resourceName(resource) };
      const tags = resourceTags(resource);
      const service = extract(resource).service;
      const add = (finding: Omit<AuditFinding, "provider" | "resource" | "service">) =>
        findings.push({ provider: PROVIDER, resource: ref, ...finding, ...(service ? { service } : {}) });
      const values = new Map<TagKey, Set<string>>();
      for (const tag of tags) {
        const { category, value, hasColon } = splitTag(tag);
        const lower = tag.toLowerCase();
        if (tag !== lower) {
          add({
            rule: "tag-lowercase",
            severity: "warning",
            message: `Tag "${tag}" is not lower case; Circonus searches and stores tags in lower case.`,
            suggestion: lower,
          });
        }
        const key = categoryToKey.get(category.toLowerCase());
        if (!hasColon || !category || !value || /\s/.test(tag)) {
          add({
            rule: "tag-malformed",
            severity: "warning",
            message: `Tag "${tag}" is not a category:value pair${/\s/.test(tag) ? " (it contains whitespace)" : ""}.`,
            ...(key && value.trim() ? { suggestion: `${conventions[key]}:${slug(value, key)}` } : {}),
          });
          continue;
        }
        if (!key) continue;
        const v = value.toLowerCase();
        if (!pattern(key).test(v)) {
          const suggestion = slug(v, key);
          add({
            rule: "tag-malformed",
            severity: "warning",
            message: `Tag "${tag}": ${key} values must be ${key === "env" ? "one lower-case word (e.g. prod)" : 'lower-case words joined by "-" (e.g. web-shop)'}.`,
            ...(suggestion ? { suggestion: `${conventions[key]}:${suggestion}` } : {}),
          });
        }
        (values.get(key) ?? values.set(key, new Set()).get(key)!).add(v);
      }
      for (const [key, set] of values) {
        if (set.size > 1) {
          add({
            rule: "tag-conflict",
            severity: "error",
            message: `Conflicting ${conventions[key]} tags: ${[...set].map((v) => `${conventions[key]}:${v}`).join(", ")}; a resource belongs to one ${key}.`,
          });
        }
      }
      if (kind === "check_bundle" && !values.has("service")) {
        add({
          rule: "tag-service-missing",
          severity: "error",
          message: `Check bundle has no ${conventions.service}: tag, so it cannot be correlated with a service.`,
          suggestion: `${conventions.service}:<service>`,
        });
      }
    }
    return findings;
  }

  async function find(input: CorrelationKeys, options: { signal?: AbortSignal } = {}): Promise<FindResult> {
    const keys = normalizeKeys(input);
    const query = search(keys);
    const wanted = correlationTags(keys, conventions);
    const matches = (r: CirconusTaggedResource) => hasEveryTag(r, wanted);
    const tags = wanted.join(",");
    const lookups = searchLookups(options.signal, {
      capped: (n) => `More than ${n} matched; find collects at most ${n} of each kind.`,
      fix: "Narrow the keys (add env or component), or list them with the client's list operations and a search.",
    });
    const { incomplete } = lookups;
    const attempt = <T>(lookup: string, run: ((search: CirconusSearch, signal?: AbortSignal) => Promise<T[] | FoundList<T>>) | undefined): Promise<T[]> =>
      run ? lookups.attempt(lookup, () => run(query, options.signal)) : Promise.resolve([]);
    const [bundles, ruleSets, alerts, links] = await Promise.all([
      attempt(`check bundles tagged ${tags}`, deps.checkBundles),
      attempt(`rule sets tagged ${tags}`, deps.ruleSets),
      attempt(`active alerts tagged ${tags}`, deps.alerts),
      deps.links?.(options.signal) ?? undefined,
    ]);
    lookups.throwIfAllFailed();
    const refs: ResourceRef[] = [];
    for (const b of bundles.filter(matches)) {
      refs.push({
        provider: PROVIDER,
        kind: "check_bundle",
        id: b._cid,
        name: b.display_name ?? b._cid,
        ...optionalUrl(links?.checkBundle(b._cid)),
        keys: extract(b),
        attributes: compact({ status: b.status, type: b.type, target: b.target, checks: b._checks?.length }),
      });
    }
    for (const r of ruleSets.filter(matches)) {
      refs.push({
        provider: PROVIDER,
        kind: "rule_set",
        id: r._cid,
        name: r.name ?? r.metric_name ?? r._cid,
        keys: extract(r),
        attributes: compact({ metric: r.metric_name ?? r.metric_pattern, host: r._host, check: r.check }),
      });
    }
    const sorted = alerts.filter(matches).sort((a, b) => (a._severity ?? 9) - (b._severity ?? 9) || (b._occurred_on ?? 0) - (a._occurred_on ?? 0));
    for (const a of sorted) {
      refs.push({
        provider: PROVIDER,
        kind: "alert",
        id: a._cid,
        name: `${a._check_name ?? a._check_target ?? a._cid}${a._metric_name ? ` / ${a._metric_name}` : ""}`,
        ...optionalUrl(links ? links.alert(a) : httpsUrl(a._alert_url)),
        keys: extract(a),
        attributes: compact({
          severity: a._severity,
          occurredAt: epochIso(a._occurred_on),
          // An epoch outside what a date can hold (the spec allows any integer) keeps its raw value, marked.
          ...(outOfDateRange(a._occurred_on) ? { occurredOnOutOfRange: a._occurred_on } : {}),
          cleared: a._cleared_on !== null && a._cleared_on !== undefined,
          clearedAt: epochIso(a._cleared_on),
          acknowledged: Boolean(a._acknowledgement),
          value: a._value,
          metric: a._canonical_metric_name ?? a._metric_name,
          target: a._check_target,
        }),
      });
    }
    return { resources: refs, incomplete };
  }

  /**
   * Alerts: every alert matching the service's tags that overlaps the window: it opened in
   * `[since, until]`, or opened up to `alertLookbackDays` (default 90) before `since` and was
   * still open at `since` or cleared at or after it. `/alert` searches by when an alert opened,
   * at most 30 days per search, so the range from `since - alertLookbackDays` to `until` is
   * searched in 30-day windows, once for uncleared and once for cleared alerts. An alert that
   * opened before that range is not searched (and not reported: nothing says it exists).
   * Annotations: those overlapping the window whose description carries the service's tag as
   * a word and no other value for a category the keys give (annotations have no tags;
   * `demo annotate` writes `service:… env:…`; see `annotationHasTags`), read newest first with
   * the window as filters (starting in it; starting before it and reaching it), so an old
   * service's history never hides the window's markers.
   * `kinds` without any alert or annotation kind makes no request.
   */
  async function events(input: CorrelationKeys, options: EventsOptions): Promise<EventsResult> {
    const keys = normalizeKeys(input);
    if (options.kinds && !options.kinds.some((k) => k === "alert-opened" || k === "alert-cleared" || k === "annotation")) {
      return { events: [], incomplete: [] };
    }
    const query = search(keys);
    const wanted = correlationTags(keys, conventions);
    const tags = wanted.join(",");
    const since = options.since.getTime();
    const until = options.until.getTime();
    const lookbackMs = (deps.alertLookbackDays ?? DEFAULT_ALERT_LOOKBACK_DAYS) * 86_400_000;
    const lookups = searchLookups(options.signal, {
      capped: (n) => `More than ${n} matched; events collects at most ${n} per search.`,
      fix: "Narrow the window or the keys (add env or component).",
    });
    const { attempt, incomplete } = lookups;
    const windows = alertWindows(Math.max(0, since - lookbackMs), until);
    const iso = (d: Date) => d.toISOString();
    const alertsInWindow = deps.alertsInWindow;
    const annotationsOf = deps.annotations;
    const sinceDate = new Date(since);
    const searchAlerts = (active: boolean) =>
      alertsInWindow
        ? Promise.all(
            windows.map((w) => {
              // A window wholly before `since` only matters for alerts still open at it or cleared after it.
              const clearedSince = !active && w.until.getTime() < since ? { clearedSince: sinceDate } : {};
              return attempt(`${active ? "active" : "cleared"} alerts tagged ${tags} opened ${iso(w.since)}–${iso(w.until)}`, () =>
                alertsInWindow(query, { active, ...w, ...clearedSince }, options.signal),
              );
            }),
          ).then((lists) => lists.flat())
        : Promise.resolve([]);
    const [active, cleared, annotations, links] = await Promise.all([
      searchAlerts(true),
      searchAlerts(false),
      // Two searches cover the window exactly: annotations starting in it (whatever their
      // `stop`, which may be missing or before `start`), and those starting before it whose
      // span reaches it.
      annotationsOf
        ? Promise.all([
            attempt(`annotations marked ${wanted[0]} starting ${iso(options.since)}–${iso(options.until)}`, () =>
              annotationsOf(wanted[0]!, { startFrom: options.since, startTo: options.until }, options.signal),
            ),
            attempt(`annotations marked ${wanted[0]} starting before ${iso(options.since)} and reaching it`, () =>
              annotationsOf(wanted[0]!, { startTo: new Date(since - 1000), stopFrom: options.since }, options.signal),
            ),
          ]).then((lists) => lists.flat())
        : [],
      deps.links?.(options.signal).catch(() => undefined) ?? undefined,
    ]);
    lookups.throwIfAllFailed();
    const matches = (r: CirconusTaggedResource) => hasEveryTag(r, wanted);
    const out: ServiceEvent[] = [];
    const seen = new Set<string>();
    for (const alert of [...active, ...cleared]) {
      if (seen.has(alertKey(alert)) || !matches(alert)) continue;
      const opened = epochIso(alert._occurred_on);
      const clearedAt = epochIso(alert._cleared_on);
      // Overlaps the window: opened by `until`, and not cleared before `since`.
      if (opened === undefined || Date.parse(opened) > until) continue;
      if (clearedAt !== undefined && Date.parse(clearedAt) < since) continue;
      seen.add(alertKey(alert));
      out.push(...alertEvents(alert, extract(alert), links));
    }
    for (const annotation of annotations) {
      if (!annotationHasTags(annotation, wanted)) continue;
      const words = (annotation.description ?? "").split(/\s+/).filter((w) => w.includes(":"));
      const event = annotationEvent(annotation, { ...extract({ tags: words } as CirconusTaggedResource), service: keys.service });
      if (!event || seen.has(event.id)) continue;
      const start = Date.parse(event.start);
      const end = event.end ? Date.parse(event.end) : start;
      if (end < since || start > until) continue;
      seen.add(event.id);
      out.push(event);
    }
    // An `alert-cleared` after `until` (of an alert that opened inside) is left out; its `alert-opened` keeps `end`.
    return { events: out.filter((e) => Date.parse(e.start) <= until), incomplete };
  }

  return { provider: PROVIDER, resolve, extract, audit, find, events };
}

const optionalUrl = (url: string | undefined): { url?: string } => (url === undefined ? {} : { url });

function slug(value: string, key: TagKey): string {
  const s = value.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (key === "env") return s.replace(/-/g, "");
  return s;
}

function outOfDateRange(value: number | null | undefined): boolean {
  return typeof value === "number" && epochIso(value) === undefined;
}

/**
 * Whether a resource carries every wanted tag (lower case). Several tags in one search tuple
 * are documented only by example (https://docs.circonus.com/circonus/appendix/search/), so
 * what a search returns is checked again with this.
 */
function hasEveryTag(resource: CirconusTaggedResource, wanted: readonly string[]): boolean {
  const have = new Set(resourceTags(resource).map((t) => t.toLowerCase()));
  return wanted.every((t) => have.has(t));
}
