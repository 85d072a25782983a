import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { ruleSetSchema, type CirconusRuleSet } from "../schemas/rule-set.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions } from "./parse-input.js";

/** `GET /rule_set`. Search terms: metric_name (primary), name, host, type, check_id, check_bundle_id, active, tags. */
export function listRuleSets(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusRuleSet> {
  return paginateList(ctx, { operation: "listRuleSets", path: "/rule_set", item: ruleSetSchema, options: parseListOptions(options, "listRuleSets") });
}
