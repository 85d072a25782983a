import { ConfigurationError, type ConfigurationProblem } from "@toolweave/core";

/**
 * One `ConfigurationError` listing every problem, one per line (the message ends with the last):
 *
 * ```text
 * 2 environment variables are missing or invalid:
 *  - CIRCLECI_TOKEN: not set (nor CIRCLECI_TOKEN_FILE); expected ... Fix: ...
 *  - CIRCONUS_API_TOKEN: not valid (Invalid UUID); expected a UUID. Fix: ...
 * ```
 *
 * Its `fix` is "Set or correct each variable listed above, then run again.".
 *
 * Problems never quote a value; `problems` holds the same entries for programs.
 */
export function environmentConfigurationError(problems: readonly ConfigurationProblem[]): ConfigurationError {
  const unique = new Map<string, ConfigurationProblem>();
  for (const problem of problems) unique.set(`${problem.name}\u0000${problem.problem}`, problem);
  const list = [...unique.values()];
  const header =
    list.length === 1
      ? "1 environment variable is missing or invalid:"
      : `${list.length} environment variables are missing or invalid:`;
  const lines = list.map((p) => ` - ${p.name}: ${p.problem} Fix: ${p.fix}`);
  return new ConfigurationError([header, ...lines].join("\n"), {
    fix: "Set or correct each variable listed above, then run again.",
    problems: list,
    details: { variables: list.map((p) => p.name) },
  });
}
