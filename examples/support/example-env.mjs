// The environment an example (or the benchmark that runs one) is started with.

/**
 * The given variables over this process's environment, with none of the real tools' or Redis
 * variables (a developer's own token or REDIS_URL never reaches the example), and no colour.
 * @param {Record<string, string>} given the variables the example should see, e.g. the simulation's
 * @returns {NodeJS.ProcessEnv}
 */
export function exampleEnv(given) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(CIRCLECI|CIRCONUS|TOOLWEAVE|REDIS)_/.test(key)) env[key] = value;
  return { ...env, ...given, NO_COLOR: "1" };
}
