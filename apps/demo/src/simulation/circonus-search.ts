// A small model of Circonus' object search and filters (https://docs.circonus.com/circonus/appendix/search/) and IRONdb tag
// queries for /metric (§3c), enough for the simulated world to answer like the real API.

type Item = Record<string, unknown>;

const tagsOf = (item: Item): string[] =>
  ((item.tags ?? item._tags ?? item._check_tags ?? []) as unknown[]).filter((t): t is string => typeof t === "string");

/** Applies `search=` terms: `(tags:a:b,c:d)` (all must match), `(active:0|1)`, alert `(occurred_on_start:N)`/`(occurred_on_end:N)`, `(field:"value")`, `(field:prefix*)`, `(field:*contains*)`. */
export function matchesSearch(item: Item, search: string | null, kind: string): boolean {
  if (!search) return true;
  const terms = [...search.matchAll(/\(([a-z_]+):([^)]*)\)/g)];
  for (const [, field, rawValue] of terms) {
    const value = rawValue!.replace(/^"|"$/g, "");
    if (field === "tags") {
      const wanted = value.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
      const have = tagsOf(item);
      if (!wanted.every((w) => (w.endsWith("*") ? have.some((h) => h.startsWith(w.slice(0, -1))) : have.includes(w)))) return false;
    } else if (field === "active") {
      const active = kind === "alert" ? item._cleared_on === null : item.status === "active";
      if ((value === "1" || value === "true") !== active) return false;
    } else if (kind === "alert" && (field === "occurred_on_start" || field === "occurred_on_end")) {
      // The alert window terms bound `_occurred_on` (epoch seconds), both ends inclusive.
      const occurred = Number(item._occurred_on);
      if (field === "occurred_on_start" ? occurred < Number(value) : occurred > Number(value)) return false;
    } else {
      const candidate = String(item[field!] ?? item[`_${field}`] ?? "");
      const contains = value.length > 1 && value.startsWith("*") && value.endsWith("*");
      if (contains ? !candidate.includes(value.slice(1, -1)) : value.endsWith("*") ? !candidate.startsWith(value.slice(0, -1)) : candidate !== value) return false;
    }
  }
  return true;
}

const SUFFIXES = ["_has", "_wildcard", "_gt", "_ge", "_lt", "_le"] as const;

/** Applies `f_<field>[_suffix]=value` filters. */
export function matchesFilters(item: Item, params: URLSearchParams): boolean {
  for (const [key, value] of params) {
    if (!key.startsWith("f_")) continue;
    let field = key.slice(2);
    const suffix = SUFFIXES.find((s) => field.endsWith(s));
    if (suffix) field = field.slice(0, -suffix.length);
    const actual = item[field];
    switch (suffix) {
      case "_has":
        if (!Array.isArray(actual) || !actual.includes(value)) return false;
        break;
      case "_wildcard": {
        const re = new RegExp(`^${value.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
        if (!re.test(String(actual ?? ""))) return false;
        break;
      }
      case "_gt":
        if (!(Number(actual) > Number(value))) return false;
        break;
      case "_ge":
        if (!(Number(actual) >= Number(value))) return false;
        break;
      case "_lt":
        if (!(Number(actual) < Number(value))) return false;
        break;
      case "_le":
        if (!(Number(actual) <= Number(value))) return false;
        break;
      default:
        if (value === "null" ? actual !== null : String(actual) !== value) return false;
    }
  }
  return true;
}

/** Evaluates an IRONdb tag query (`and(...)`, `or(...)`, `not(...)`, `cat:value` with `*`). */
export function matchesTagQuery(metric: Item, query: string): boolean {
  let pos = 0;
  const text = query.trim();
  const parseExpr = (): (m: Item) => boolean => {
    const fn = /^(and|or|not)\(/.exec(text.slice(pos));
    if (fn) {
      pos += fn[0].length;
      const args: ((m: Item) => boolean)[] = [];
      while (text[pos] !== ")") {
        args.push(parseExpr());
        if (text[pos] === ",") pos += 1;
        if (pos >= text.length) throw new Error("unbalanced tag query");
      }
      pos += 1;
      if (fn[1] === "and") return (m) => args.every((a) => a(m));
      if (fn[1] === "or") return (m) => args.some((a) => a(m));
      return (m) => !args[0]!(m);
    }
    const term = /^([^,()]+)/.exec(text.slice(pos));
    if (!term) throw new Error("bad tag query");
    pos += term[0].length;
    const [category, ...rest] = term[1]!.trim().split(":");
    const value = rest.join(":");
    const glob = new RegExp(`^${value.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    return (m) => {
      if (category === "__name") return glob.test(String(m._metric_name));
      if (category === "__check_bundle_id") return String(m._check_bundle).endsWith(`/${value}`);
      if (category === "__check_target") return glob.test(String(m._check_target));
      return tagsOf(m).some((t) => t.startsWith(`${category}:`) && glob.test(t.slice(category!.length + 1)));
    };
  };
  const expr = parseExpr();
  if (pos !== text.length) throw new Error("trailing input in tag query");
  return expr(metric);
}
