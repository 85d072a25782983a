import { InvalidInputError, describeReceived, type PagedIterable } from "@toolweave/core";
import { cidPath } from "../cid.js";
import type { OperationContext } from "../operation-context.js";
import { checkBundleSchema, type CirconusCheckBundle } from "../schemas/check-bundle.js";
import { normalizeTag } from "../search.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions, parseSignalOptions } from "./parse-input.js";

/**
 * `GET /check_bundle`. Search terms: name (primary), type, host/target, active, tags (https://docs.circonus.com/circonus/appendix/search/).
 * Filters: `f_tags_has=env:prod` (single underscore: the field is `tags`, https://github.com/circonus-labs/go-apiclient).
 * Disabled bundles drop out of listings (DELETE only disables).
 */
export function listCheckBundles(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusCheckBundle> {
  return paginateList(ctx, { operation: "listCheckBundles", path: "/check_bundle", item: checkBundleSchema, options: parseListOptions(options, "listCheckBundles") });
}

/** `GET /check_bundle/<id>`; accepts `1234` or `/check_bundle/1234`. */
export async function getCheckBundle(ctx: OperationContext, cid: string | number, options?: { signal?: AbortSignal }): Promise<CirconusCheckBundle> {
  const path = cidPath("check_bundle", cid);
  const signal = parseSignalOptions(options, "getCheckBundle");
  return ctx.http.get({ operation: "getCheckBundle", path, schema: checkBundleSchema, ...signal });
}

/**
 * Replaces a bundle's tags: `PUT /check_bundle/<id>` with `{ tags }`. A PUT replaces each field it
 * sends and keeps omitted ones (https://docs.circonus.com/circonus/api/), so only the tags change. Tags are
 * validated and lower-cased (the server would lower-case them anyway). Refused before any request
 * when the token is declared read-only.
 */
export async function updateCheckBundleTags(
  ctx: OperationContext,
  cid: string | number,
  tags: readonly string[],
  options?: { signal?: AbortSignal },
): Promise<CirconusCheckBundle> {
  ctx.assertWritable("updateCheckBundleTags");
  const path = cidPath("check_bundle", cid);
  if (!Array.isArray(tags)) {
    throw new InvalidInputError(`Circonus updateCheckBundleTags: tags must be an array of "category:value" strings (got ${describeReceived(tags)}).`, {
      provider: "circonus",
      fix: 'Pass tags as ["service:checkout", "env:prod"]; an empty array removes every tag.',
    });
  }
  const signal = parseSignalOptions(options, "updateCheckBundleTags");
  const normalized = [...new Set(tags.map((t) => normalizeTag(t)))].sort();
  const response = await ctx.http.request({
    operation: "updateCheckBundleTags",
    method: "PUT",
    path,
    body: { tags: normalized },
    headers: { "Content-Type": "application/json" },
    schema: checkBundleSchema,
    ...signal,
  });
  return response.data;
}
