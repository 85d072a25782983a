/**
 * Process-wide registry of raw secret values, so that any text leaving toolweave (error
 * messages, hook events, excerpts of response bodies) can be scrubbed even when a secret was
 * copied somewhere it should not have been. Stored on `globalThis` under a `Symbol.for` key so
 * duplicated copies of this package (two versions in one node_modules tree) share it.
 */
const REGISTRY_KEY = Symbol.for("@toolweave/core/secret-registry");

type Registry = Set<string>;

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let set = holder[REGISTRY_KEY];
  if (!set) {
    set = new Set();
    holder[REGISTRY_KEY] = set;
  }
  return set;
}

/** Values shorter than this are not scrubbed from free text (too many false positives). */
export const MIN_SCRUBBED_LENGTH = 6;

export function registerSecretValue(value: string): void {
  if (value.length >= MIN_SCRUBBED_LENGTH) registry().add(value);
}

export function registeredSecretValues(): Iterable<string> {
  return registry();
}
