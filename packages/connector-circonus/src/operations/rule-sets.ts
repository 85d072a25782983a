import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { ruleSetSchema, type CirconusRuleSet } from "../schemas/rule-set.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions } from "./parse-arguments.js";

/** `GET /rule_set`. Search terms: metric_name (primary), name, host, type, check_id, check_bundle_id, active, tags. */
export function listRuleSets(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusRuleSet> {
  return listPaged(ctx, { operation: "listRuleSets", path: "/rule_set", item: ruleSetSchema, options: parseListOptions(options, "listRuleSets") });
}
