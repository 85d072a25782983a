/** Anything that may carry Circonus tags (check bundles, rule sets, alerts, metrics, graphs …). */
export interface CirconusTaggedResource {
  _cid?: string | null;
  /** Writable tags (check_bundle, graph, contact_group …) and inherited ones on rule_set. */
  tags?: readonly string[] | null;
  /** Alert (bundle tags frozen at alert time) and broker tags. */
  _tags?: readonly string[] | null;
  /** Metric: its bundle's tags. */
  _check_tags?: readonly string[] | null;
  display_name?: string | null;
  name?: string | null;
  title?: string | null;
  metric_name?: string | null;
  _check_name?: string | null;
  _metric_name?: string | null;
}

/** Every tag a resource carries, from `tags`, `_tags` and `_check_tags` (https://docs.circonus.com/circonus/api/). */
export function resourceTags(resource: CirconusTaggedResource): string[] {
  const out: string[] = [];
  for (const list of [resource.tags, resource._tags, resource._check_tags]) {
    if (Array.isArray(list)) for (const t of list) if (typeof t === "string") out.push(t);
  }
  return out;
}

/** Splits `category:value` at the first colon; a tag without one has category "uncategorized" (https://docs.circonus.com/circonus/api/). */
export function splitTag(tag: string): { category: string; value: string; hasColon: boolean } {
  const i = tag.indexOf(":");
  if (i < 0) return { category: "uncategorized", value: tag, hasColon: false };
  return { category: tag.slice(0, i), value: tag.slice(i + 1), hasColon: true };
}

/** The object type from a CID: `/check_bundle/1` → `check_bundle`. */
export function cidType(cid: string | null | undefined): string | undefined {
  const match = /^\/(?:v2\/)?([a-z_]+)\//.exec(cid ?? "");
  return match?.[1];
}

/** A human name for a resource. */
export function resourceName(resource: CirconusTaggedResource): string {
  return (
    resource.display_name ??
    resource.name ??
    resource.title ??
    (resource._check_name ? `${resource._check_name}${resource._metric_name ? ` / ${resource._metric_name}` : ""}` : undefined) ??
    resource.metric_name ??
    resource._cid ??
    "(unnamed)"
  );
}
