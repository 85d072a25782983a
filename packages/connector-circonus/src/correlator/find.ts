import { definedOnly, httpsUrl, normalizeKeys, type CorrelationKeys, type FindOptions, type FindResult, type ResourceRef } from "@toolweave/core";
import { epochIso } from "../epoch-iso.js";
import type { CirconusSearch } from "../search.js";
import { compact } from "../service-events.js";
import type { CirconusTaggedResource } from "../tags.js";
import { correlationTags, extract, hasEveryTag, PROVIDER, serviceSearch } from "./keys.js";
import type { CirconusCorrelatorPorts, FoundList, PortOptions } from "./ports.js";
import { searchLookups } from "./search-lookups.js";

/**
 * `correlator.find`: the check bundles, rule sets and active alerts tagged with the service's
 * tags, deep-linked. A search that fails, is cut short or capped is reported in `incomplete`
 * while the others' results are kept; only when every search fails does it reject (with the
 * first error: nothing is left to report).
 */
export async function find(ports: CirconusCorrelatorPorts, input: CorrelationKeys, options: FindOptions = {}): Promise<FindResult> {
  const keys = normalizeKeys(input);
  const query = serviceSearch(keys, ports.conventions);
  const wanted = correlationTags(keys, ports.conventions);
  const matches = (r: CirconusTaggedResource) => hasEveryTag(r, wanted);
  const tags = wanted.join(",");
  const read: PortOptions = definedOnly({ signal: options.signal, memo: options.memo });
  const lookups = searchLookups(options.signal, {
    capped: (n) => `More than ${n} matched; find collects at most ${n} of each kind.`,
    fix: "Narrow the keys (add env or component), or list them with the client's list operations and a search.",
  });
  const { incomplete } = lookups;
  const attempt = <T>(lookup: string, run: ((search: CirconusSearch, options: PortOptions) => Promise<T[] | FoundList<T>>) | undefined): Promise<T[]> =>
    run ? lookups.attempt(lookup, () => run(query, read)) : Promise.resolve([]);
  const [bundles, ruleSets, alerts, links] = await Promise.all([
    attempt(`check bundles tagged ${tags}`, ports.checkBundles),
    attempt(`rule sets tagged ${tags}`, ports.ruleSets),
    attempt(`active alerts tagged ${tags}`, ports.alerts),
    ports.links?.(read) ?? undefined,
  ]);
  lookups.throwIfAllFailed();
  const refs: ResourceRef[] = [];
  for (const b of bundles.filter(matches)) {
    refs.push({
      provider: PROVIDER,
      kind: "check_bundle",
      id: b._cid,
      name: b.display_name ?? b._cid,
      ...optionalUrl(links?.checkBundle(b)),
      keys: extract(ports, b),
      attributes: compact({ status: b.status, type: b.type, target: b.target, checks: b._checks?.length }),
    });
  }
  for (const r of ruleSets.filter(matches)) {
    refs.push({
      provider: PROVIDER,
      kind: "rule_set",
      id: r._cid,
      name: r.name ?? r.metric_name ?? r._cid,
      keys: extract(ports, r),
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
      keys: extract(ports, a),
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

const optionalUrl = (url: string | undefined): { url?: string } => (url === undefined ? {} : { url });

function outOfDateRange(value: number | null | undefined): boolean {
  return typeof value === "number" && epochIso(value) === undefined;
}
