import { definedOnly, normalizeKeys, overlapsWindow, type CorrelationKeys, type EventsOptions, type EventsResult, type ServiceEvent } from "@toolweave/core";
import { DEFAULT_ALERT_LOOKBACK_DAYS } from "../settings.js";
import { alertEvents, alertKey, annotationEvent, annotationHasTags } from "../service-events.js";
import type { CirconusTaggedResource } from "../tags.js";
import { correlationTags, extract, hasEveryTag, serviceSearch } from "./keys.js";
import type { CirconusCorrelatorPorts, PortOptions } from "./ports.js";
import { searchLookups } from "./search-lookups.js";

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

/**
 * `correlator.events`. Alerts: every alert matching the service's tags that overlaps the
 * window: it opened in `[since, until]`, or opened up to `alertLookbackDays` (default 90)
 * before `since` and was still open at `since` or cleared at or after it. `/alert` searches
 * by when an alert opened, at most 30 days per search, so the range from
 * `since - alertLookbackDays` to `until` is searched in 30-day windows, once for uncleared and
 * once for cleared alerts. An alert that opened before that range is not searched (and not
 * reported: nothing says it exists).
 * Annotations: those overlapping the window whose description carries the service's tag as
 * a word and no other value for a category the keys give (annotations have no tags;
 * `demo annotate` writes `service:… env:…`; see `annotationHasTags`), read newest first with
 * the window as filters (starting in it; starting before it and reaching it), so an old
 * service's history never hides the window's markers.
 * Which events overlap the window is core's rule (`overlapsWindow`), applied once to all of
 * them; the searches' bounds only narrow what is read. `kinds` without any alert or
 * annotation kind makes no request.
 */
export async function events(ports: CirconusCorrelatorPorts, input: CorrelationKeys, options: EventsOptions): Promise<EventsResult> {
  const keys = normalizeKeys(input);
  if (options.kinds && !options.kinds.some((k) => k === "alert-opened" || k === "alert-cleared" || k === "annotation")) {
    return { events: [], incomplete: [] };
  }
  const query = serviceSearch(keys, ports.conventions);
  const wanted = correlationTags(keys, ports.conventions);
  const tags = wanted.join(",");
  const since = options.since.getTime();
  const until = options.until.getTime();
  const lookbackMs = (ports.alertLookbackDays ?? DEFAULT_ALERT_LOOKBACK_DAYS) * 86_400_000;
  const read: PortOptions = definedOnly({ signal: options.signal, memo: options.memo });
  const lookups = searchLookups(options.signal, {
    capped: (n) => `More than ${n} matched; events collects at most ${n} per search.`,
    fix: "Narrow the window or the keys (add env or component).",
  });
  const { attempt, incomplete } = lookups;
  const windows = alertWindows(Math.max(0, since - lookbackMs), until);
  const iso = (d: Date) => d.toISOString();
  const alertsInWindow = ports.alertsInWindow;
  const annotationsOf = ports.annotations;
  const sinceDate = new Date(since);
  const searchAlerts = (active: boolean) =>
    alertsInWindow
      ? Promise.all(
          windows.map((w) => {
            // A window wholly before `since` only matters for alerts still open at it or cleared after it.
            const clearedSince = !active && w.until.getTime() < since ? { clearedSince: sinceDate } : {};
            return attempt(`${active ? "active" : "cleared"} alerts tagged ${tags} opened ${iso(w.since)}–${iso(w.until)}`, () =>
              alertsInWindow(query, { active, ...w, ...clearedSince }, read),
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
            annotationsOf(wanted[0]!, { startFrom: options.since, startTo: options.until }, read),
          ),
          attempt(`annotations marked ${wanted[0]} starting before ${iso(options.since)} and reaching it`, () =>
            annotationsOf(wanted[0]!, { startTo: new Date(since - 1000), stopFrom: options.since }, read),
          ),
        ]).then((lists) => lists.flat())
      : [],
    ports.links?.(read).catch(() => undefined) ?? undefined,
  ]);
  lookups.throwIfAllFailed();
  const matches = (r: CirconusTaggedResource) => hasEveryTag(r, wanted);
  const out: ServiceEvent[] = [];
  const seen = new Set<string>();
  for (const alert of [...active, ...cleared]) {
    if (seen.has(alertKey(alert)) || !matches(alert)) continue;
    seen.add(alertKey(alert));
    out.push(...alertEvents(alert, extract(ports, alert), links));
  }
  for (const annotation of annotations) {
    if (!annotationHasTags(annotation, wanted)) continue;
    const words = (annotation.description ?? "").split(/\s+/).filter((w) => w.includes(":"));
    const event = annotationEvent(annotation, { ...extract(ports, { tags: words } as CirconusTaggedResource), service: keys.service });
    if (!event || seen.has(event.id)) continue;
    seen.add(event.id);
    out.push(event);
  }
  // Core's window rule, once for every event: an alert cleared before `since`, an `alert-cleared`
  // after `until` (its `alert-opened` keeps `end`), an annotation ending before `since` are left out.
  return { events: out.filter((e) => overlapsWindow(e, since, until)), incomplete };
}
