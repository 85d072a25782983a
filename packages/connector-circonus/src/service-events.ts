import type { CorrelationKeys, ServiceEvent } from "@toolweave/core";
import { epochIso } from "./epoch-iso.js";
import type { CirconusAlert } from "./schemas/alert.js";
import type { CirconusAnnotation } from "./schemas/annotation.js";
import type { CirconusDeepLinks } from "./deep-links.js";
import { httpsUrl } from "@toolweave/core";

const PROVIDER = "circonus";

/** The prefix of the marker line toolweave writes into the description of a deploy annotation. */
export const DEPLOY_MARKER_PREFIX = "toolweave-deploy:";

/**
 * The marker line that identifies an annotation made for one deploy event:
 * `toolweave-deploy:<provider>:<event id>`. Written into the annotation's description (Circonus
 * annotations have no tags, https://docs.circonus.com/circonus/api/), so a second run recognises
 * its own annotations and creates nothing twice.
 */
export function deployMarker(provider: string, eventId: string): string {
  return `${DEPLOY_MARKER_PREFIX}${provider}:${eventId}`;
}

/** The `{ provider, id }` of the deploy an annotation marks, read from its description; `undefined` when it has no marker. */
export function parseDeployMarker(description: string | null | undefined): { provider: string; id: string } | undefined {
  if (!description) return undefined;
  for (const line of description.split(/\r?\n/)) {
    const text = line.trim();
    if (!text.startsWith(DEPLOY_MARKER_PREFIX)) continue;
    const rest = text.slice(DEPLOY_MARKER_PREFIX.length);
    const colon = rest.indexOf(":");
    if (colon <= 0 || colon === rest.length - 1) continue;
    return { provider: rest.slice(0, colon), id: rest.slice(colon + 1) };
  }
  return undefined;
}

/**
 * Whether an annotation belongs to the service: Circonus annotations carry no tags
 * (https://docs.circonus.com/circonus/api/), so toolweave writes the service's tags as words of
 * the description (`demo annotate` writes `service:checkout env:prod`). The first tag (the
 * service's; `correlationTags` puts it first) must appear as a whole word. Every other tag must
 * appear too when the description names any value of its category (`env:staging` rules out
 * `env:prod`), and is not needed when it names none: a deploy marker that says nothing of the team
 * still belongs to a timeline asked for `team:payments`.
 */
export function annotationHasTags(annotation: Pick<CirconusAnnotation, "description">, tags: readonly string[]): boolean {
  const words = new Set((annotation.description ?? "").toLowerCase().split(/\s+/).filter(Boolean));
  const categories = new Set([...words].flatMap((w) => (w.indexOf(":") > 0 ? [w.slice(0, w.indexOf(":"))] : [])));
  return tags.every((tag, index) => {
    const wanted = tag.toLowerCase();
    if (words.has(wanted)) return true;
    const colon = wanted.indexOf(":");
    return index > 0 && colon > 0 && !categories.has(wanted.slice(0, colon));
  });
}

/** `record` without its `undefined` and `null` entries, for `attributes`. */
export const compact = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));

/**
 * What identifies an alert: its `_cid`, or, when a server sent a blank one (the spec types it
 * as a plain string), the moment it opened with its check and metric, so two such alerts are
 * never merged into one.
 */
export function alertKey(alert: Pick<CirconusAlert, "_cid" | "_occurred_on" | "_check" | "_metric_name" | "_canonical_metric_name">): string {
  if (typeof alert._cid === "string" && alert._cid.trim() !== "") return alert._cid;
  return `(alert without cid) ${String(alert._occurred_on)} ${alert._check ?? ""} ${alert._canonical_metric_name ?? alert._metric_name ?? ""}`.trimEnd();
}

/**
 * The timeline events of one alert: `alert-opened` at `_occurred_on` (with `end` when it
 * cleared) and, when it cleared, `alert-cleared` at `_cleared_on`. An alert whose
 * `_occurred_on` is missing or outside what a date can hold (the spec types the epochs as
 * plain integers) gives no event; a `_cleared_on` out of range gives no `end` and no
 * `alert-cleared` (the raw value is kept in `attributes.clearedOnOutOfRange`). A `_cleared_on`
 * before `_occurred_on` (clock skew) clears it at the moment it opened, never leaves it open
 * (the time Circonus gave is kept in `attributes.clearedOn`).
 */
export function alertEvents(alert: CirconusAlert, keys: Partial<CorrelationKeys>, links: CirconusDeepLinks | undefined): ServiceEvent[] {
  const opened = epochIso(alert._occurred_on);
  if (opened === undefined) return [];
  const clearedAt = epochIso(alert._cleared_on);
  const clearedOutOfRange = typeof alert._cleared_on === "number" && clearedAt === undefined;
  // Circonus said it cleared: a clear stamped before the opening is clock skew, not an alert still open.
  const clearedEarly = clearedAt !== undefined && Date.parse(clearedAt) < Date.parse(opened);
  const cleared = clearedEarly ? opened : clearedAt;
  const check = alert._check_name ?? alert._check_target ?? alert._check ?? alert._cid;
  const metric = alert._canonical_metric_name ?? alert._metric_name;
  const severity = typeof alert._severity === "number" && alert._severity >= 1 && alert._severity <= 5 ? alert._severity : undefined;
  const url = links ? links.alert(alert) : httpsUrl(alert._alert_url);
  const base = {
    provider: PROVIDER,
    ...(keys.env ? { env: keys.env } : {}),
    ...(url ? { url } : {}),
    keys,
    ...(severity ? { severity } : {}),
    attributes: compact({
      alert: alert._cid,
      check: alert._check,
      checkName: alert._check_name,
      target: alert._check_target,
      metric,
      value: alert._value,
      clearedValue: alert._cleared_value,
      ruleSet: alert._rule_set,
      acknowledged: Boolean(alert._acknowledgement),
      ...(clearedOutOfRange ? { clearedOnOutOfRange: alert._cleared_on } : {}),
      ...(clearedEarly ? { clearedOn: clearedAt } : {}),
    }),
  };
  const what = `${check}${metric ? ` / ${metric}` : ""}`;
  const sev = severity ? `sev ${severity} ` : "";
  const events: ServiceEvent[] = [
    { ...base, id: `${alertKey(alert)}:opened`, kind: "alert-opened", start: opened, ...(cleared ? { end: cleared } : {}), title: `${sev}alert: ${what}${alert._value !== null && alert._value !== undefined ? ` = ${String(alert._value)}` : ""}` },
  ];
  if (cleared) {
    events.push({ ...base, id: `${alertKey(alert)}:cleared`, kind: "alert-cleared", start: cleared, title: `${sev}cleared: ${what}` });
  }
  return events;
}

/**
 * The timeline event of an annotation: `annotation` from `start` to `stop` (no `end` when they
 * are equal). An annotation whose `start` is missing or out of range gives none. A toolweave
 * deploy marker in the description is read back into `attributes.marks` (`{ provider, id }`
 * of the deploy event it marks).
 */
export function annotationEvent(annotation: CirconusAnnotation, keys: Partial<CorrelationKeys>): ServiceEvent | undefined {
  const start = epochIso(annotation.start);
  if (start === undefined) return undefined;
  const stop = epochIso(annotation.stop);
  const marks = parseDeployMarker(annotation.description);
  return {
    id: annotation._cid,
    provider: PROVIDER,
    kind: "annotation",
    start,
    ...(stop && Date.parse(stop) > Date.parse(start) ? { end: stop } : {}),
    ...(keys.env ? { env: keys.env } : {}),
    title: `${annotation.category ? `[${annotation.category}] ` : ""}${annotation.title ?? annotation._cid}`,
    keys,
    attributes: compact({ category: annotation.category, description: annotation.description, relMetrics: annotation.rel_metrics, marks }),
  };
}
