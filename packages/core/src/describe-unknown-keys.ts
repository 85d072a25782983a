/** Setting names are short; a token pasted as a key is longer than this or random-looking. */
const MAX_SHOWN_KEY = 24;
const NAME_SHAPE = /^[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*$/;
const WORD = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g;

/**
 * Whether a key looks like a setting name (`baseUrl`, `CIRCLECI_TOKEN`, `page-size`) and so may
 * be quoted in a problem: short, word-shaped, at most five words and two digits. A token passed
 * as a key fails it (too long, or random-looking), so it is counted rather than printed: no
 * `Secret` holds it, so redaction could not mask it.
 */
export function looksLikeSettingName(key: string): boolean {
  if (key.length > MAX_SHOWN_KEY || !NAME_SHAPE.test(key)) return false;
  return key.replace(/[^0-9]/g, "").length <= 2 && (key.match(WORD)?.length ?? 0) <= 5;
}

/**
 * `unknown setting(s) "tokn" and 1 more not shown (…)`: the keys that look like setting names
 * quoted, the others only counted. `noun` is `setting` or `key`; `shown` lists keys always safe
 * to quote (e.g. the table's variable names).
 */
export function describeUnknownKeys(keys: readonly string[], noun: string, shown: ReadonlySet<string> = new Set()): string {
  const quoted = keys.filter((key) => shown.has(key) || looksLikeSettingName(key));
  const hidden = keys.length - quoted.length;
  const why = `(${hidden === 1 ? `its name does not look like a ${noun} name` : `their names do not look like ${noun} names`}: a value such as a token passed as a key?)`;
  if (hidden === 0) return `unknown ${noun}(s) ${quoted.map((key) => JSON.stringify(key)).join(", ")}`;
  if (quoted.length === 0) return `${hidden} unknown ${noun}${hidden === 1 ? "" : "s"} not shown ${why}`;
  return `unknown ${noun}(s) ${quoted.map((key) => JSON.stringify(key)).join(", ")} and ${hidden} more not shown ${why}`;
}
