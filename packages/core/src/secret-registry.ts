/**
 * Process-wide registry of the raw values of live `Secret`s, so that any text leaving
 * toolweave (error messages, hook events, excerpts of response bodies) can be scrubbed even
 * when a secret was copied somewhere it should not have been.
 *
 * - A value is held only while a `Secret` holding it is alive: each `Secret` registers its
 *   value with a count, and a `FinalizationRegistry` takes the count back when that `Secret`
 *   is garbage-collected (a rotated token does not stay in memory for the life of the process).
 * - Matching is one pass: every value (and its percent-encoded form, as it would appear in a
 *   URL) goes into one case-insensitive regular expression, rebuilt only when the set changes.
 * - The state lives on `globalThis` under a `Symbol.for` key, so duplicated copies of this
 *   package (two versions in one node_modules tree) share it.
 */
const REGISTRY_KEY = Symbol.for("@toolweave/core/secret-registry@2");

interface Registry {
  /** Live values (lower-cased key → { value, count of live Secrets holding it }). */
  readonly values: Map<string, { value: string; count: number }>;
  /** Bumped on every change so compiled matchers know they are stale. */
  version: number;
  matcher: { version: number; pattern: RegExp | undefined; masks: Map<string, string> } | undefined;
}

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let state = holder[REGISTRY_KEY];
  if (!state) {
    state = { values: new Map(), version: 0, matcher: undefined };
    holder[REGISTRY_KEY] = state;
  }
  return state;
}

/** Values shorter than this are not scrubbed from free text (too many false positives). */
export const MIN_SCRUBBED_LENGTH = 6;

function release(value: string): void {
  const state = registry();
  const key = value.toLowerCase();
  const entry = state.values.get(key);
  if (!entry) return;
  entry.count -= 1;
  if (entry.count <= 0) {
    state.values.delete(key);
    state.version += 1;
  }
}

const finalizer: FinalizationRegistry<string> | undefined =
  typeof FinalizationRegistry === "function" ? new FinalizationRegistry<string>(release) : undefined;

/**
 * Registers `value` for as long as `owner` lives (the `Secret` wrapping it). Without
 * `FinalizationRegistry` (very old runtimes) the value stays registered.
 */
export function registerSecretValue(value: string, owner?: object): void {
  if (value.length < MIN_SCRUBBED_LENGTH) return;
  const state = registry();
  const key = value.toLowerCase();
  const entry = state.values.get(key);
  if (entry) entry.count += 1;
  else {
    state.values.set(key, { value, count: 1 });
    state.version += 1;
  }
  if (owner && finalizer) finalizer.register(owner, value);
}

/** The raw values registered now (for tests and diagnostics; never log them). */
export function registeredSecretValues(): Iterable<string> {
  return [...registry().values.values()].map((e) => e.value);
}

/** How many distinct values are registered now. */
export function registeredSecretCount(): number {
  return registry().values.size;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The forms of a value worth matching, as it may appear in text a server or a URL carries: as
 * is; percent-encoded (a URL path); form-encoded (`URLSearchParams` writes a space as `+` and
 * percent-encodes `~ ! ' ( ) *`, which `encodeURIComponent` leaves alone); and JSON-escaped, also with `/` as
 * `\/` (PHP's `json_encode` and others escape it by default), so an excerpt of raw JSON matches.
 */
function formsOf(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replaceAll("/", "\\/"));
  return [...forms];
}

/**
 * The compiled matcher for the values registered now: one case-insensitive pattern, longest
 * forms first, and the mask to write for each lower-cased form.
 */
export function secretMatcher(mask: (raw: string) => string): { pattern: RegExp | undefined; masks: Map<string, string> } {
  const state = registry();
  if (state.matcher && state.matcher.version === state.version) return state.matcher;
  const masks = new Map<string, string>();
  for (const { value } of state.values.values()) {
    const masked = mask(value);
    for (const form of formsOf(value)) masks.set(form.toLowerCase(), masked);
  }
  const forms = [...masks.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = forms.length ? new RegExp(forms.join("|"), "gi") : undefined;
  state.matcher = { version: state.version, pattern, masks };
  return state.matcher;
}
