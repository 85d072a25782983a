import { ENV_PATTERN } from "@toolweave/core";
import type { Pipeline } from "./schemas/pipeline.js";

/**
 * An `env` value as CircleCI helpers compare it: a string, trimmed and lower-cased; `undefined`
 * for anything else (absent, empty, a number, a nested object). Any non-empty string is an
 * env, those outside core's `ENV_PATTERN` (`prod-eu`, `eu_west`) included: a pipeline
 * parameter is whatever the team passes, and an env asked for by name must find it.
 */
export function envValue(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const env = value.trim().toLowerCase();
  return env === "" ? undefined : env;
}

/**
 * A pipeline's env: its `env` pipeline parameter read by {@link envValue}. The one reading of
 * it: the walker's env filter, deploy events, `extract` and `find` all use it.
 */
export function envOf(pipeline: Pick<Pipeline, "trigger_parameters">): string | undefined {
  return envValue(pipeline.trigger_parameters?.env);
}

/** A pipeline's env as a correlation key: {@link envOf} when it has core's one-word form (`ENV_PATTERN`), else `undefined`. */
export function envKeyOf(pipeline: Pick<Pipeline, "trigger_parameters">): string | undefined {
  const env = envOf(pipeline);
  return env !== undefined && ENV_PATTERN.test(env) ? env : undefined;
}
