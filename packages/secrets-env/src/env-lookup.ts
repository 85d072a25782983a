/** Where a raw variable was found: the real environment or the loaded `.env` file. */
export type LookupOrigin = "env" | "dotenv";

export interface LookupHit {
  value: string;
  origin: LookupOrigin;
}

/** Reads one variable: the real environment first, then the `.env` record. */
export type EnvLookup = (name: string) => LookupHit | undefined;

/**
 * Builds a lookup over the real environment and an optional `.env` record. An empty string
 * counts as unset, so a `.env` value fills a variable that is set to "" in the real environment
 * (a real non-empty value always wins: `.env` never overrides it).
 */
export function createEnvLookup(
  env: Readonly<Record<string, string | undefined>>,
  dotenv: Readonly<Record<string, string | undefined>> | undefined,
): EnvLookup {
  return (name) => {
    const real = env[name];
    if (typeof real === "string" && real !== "") return { value: real, origin: "env" };
    const fromFile = dotenv?.[name];
    if (typeof fromFile === "string" && fromFile !== "") return { value: fromFile, origin: "dotenv" };
    return undefined;
  };
}
