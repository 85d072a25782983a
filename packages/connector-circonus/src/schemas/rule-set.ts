import { z } from "zod";
import { num, numOrStr, str, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/**
 * SPEC `RuleSet` (https://docs.circonus.com/circonus/api/). `contact_groups` is typed as an array in SPEC but is an
 * object keyed "1".."5" in practice (https://github.com/circonus-labs/go-apiclient): both are accepted. `tags` are inherited from the bundle.
 */
export const ruleSetSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _host: str,
    check: str,
    name: str,
    metric_name: str,
    metric_pattern: str,
    metric_type: str,
    filter: str,
    notes: str,
    link: str,
    parent: str,
    contact_groups: z
      .union([z.record(z.string(), z.array(z.string()).nullable()), z.array(z.unknown())])
      .nullable()
      .optional(),
    rules: z
      .array(z.object({ criteria: str, value: numOrStr, severity: num, wait: num }))
      .nullable()
      .optional(),
    tags,
  }),
);
/** An alerting rule set on a metric, from `listRuleSets()`. */
export type CirconusRuleSet = z.output<typeof ruleSetSchema>;
