import { ENV_PATTERN, NAME_PATTERN, normalizeKeys, type CorrelationKeys, type Locator } from "@toolweave/core";
import { TAG_KEYS, type TagConventions, type TagKey } from "../conventions.js";
import { buildSearch, type CirconusSearch } from "../search.js";
import { resourceTags, splitTag, type CirconusTaggedResource } from "../tags.js";
import type { CirconusCorrelatorPorts } from "./ports.js";

export const PROVIDER = "circonus";

/** The value pattern of a key's tags: one word for `env`, hyphenated words for the others. */
export const keyPattern = (key: TagKey) => (key === "env" ? ENV_PATTERN : NAME_PATTERN);

/** The tags that identify a service: `service:<s>` plus `env:`, `component:`, `team:` when given (lower case). */
export function correlationTags(keys: Partial<CorrelationKeys>, conventions: TagConventions): string[] {
  return TAG_KEYS.flatMap((key) => (keys[key] ? [`${conventions[key]}:${keys[key]}`] : []));
}

/** The one tag search `find` and `events` send for the keys. */
export function serviceSearch(keys: CorrelationKeys, conventions: TagConventions): CirconusSearch {
  return buildSearch({ tags: correlationTags(keys, conventions) });
}

/**
 * Whether a resource carries every wanted tag (lower case). Several tags in one search tuple
 * are documented only by example (https://docs.circonus.com/circonus/appendix/search/), so
 * what a search returns is checked again with this.
 */
export function hasEveryTag(resource: CirconusTaggedResource, wanted: readonly string[]): boolean {
  const have = new Set(resourceTags(resource).map((t) => t.toLowerCase()));
  return wanted.every((t) => have.has(t));
}

/** The correlation key each tag category of the conventions stands for. */
export function categoryKeys(conventions: TagConventions): Map<string, TagKey> {
  return new Map<string, TagKey>(TAG_KEYS.map((k) => [conventions[k], k]));
}

/** `correlator.resolve`: the tag searches on check bundles, rule sets and alerts; makes no call. */
export function resolve(ports: Pick<CirconusCorrelatorPorts, "conventions">, input: CorrelationKeys): Locator[] {
  const keys = normalizeKeys(input);
  const value = serviceSearch(keys, ports.conventions).text;
  const tags = correlationTags(keys, ports.conventions).join(", ");
  return [
    { provider: PROVIDER, kind: "check_bundle", value, rule: `check bundles tagged ${tags} (GET /check_bundle?search=)` },
    { provider: PROVIDER, kind: "rule_set", value, rule: `rule sets inheriting the bundle tags ${tags} (GET /rule_set?search=)` },
    { provider: PROVIDER, kind: "alert", value, rule: `active alerts of the last 30 days whose bundle was tagged ${tags} (GET /alert?search=)` },
  ];
}

/** `correlator.extract`: the keys a resource's `tags` / `_tags` / `_check_tags` carry; a key with two values is left out (audit reports it). */
export function extract(ports: Pick<CirconusCorrelatorPorts, "conventions">, resource: CirconusTaggedResource): Partial<CorrelationKeys> {
  const categoryToKey = categoryKeys(ports.conventions);
  const found = new Map<TagKey, Set<string>>();
  for (const tag of resourceTags(resource)) {
    // Circonus compares and stores tags in lower case (https://docs.circonus.com/circonus/appendix/search/),
    // so `ENV:PROD` is read as `env:prod`, as its searches match it; audit still flags the case.
    const { category, value, hasColon } = splitTag(tag.toLowerCase());
    const key = hasColon ? categoryToKey.get(category) : undefined;
    if (!key || !keyPattern(key).test(value)) continue;
    (found.get(key) ?? found.set(key, new Set()).get(key)!).add(value);
  }
  const out: Partial<CorrelationKeys> = {};
  for (const [key, values] of found) {
    // Two values for one key is a conflict (reported by audit), never a guess.
    if (values.size === 1) out[key] = [...values][0]!;
  }
  return out;
}
