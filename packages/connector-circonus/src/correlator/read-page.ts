import {
  definedOnly,
  incompleteLookups,
  pagePathUnder,
  throwIfCancelled,
  type CorrelationKeys,
  type PageFocus,
  type PageKind,
  type PageReader,
  type PageReading,
  type PageReadOptions,
} from "@toolweave/core";
import { epochIso } from "../epoch-iso.js";
import { quoteInput } from "../quote-input.js";
import { resourceTags, type CirconusTaggedResource } from "../tags.js";
import { extract, PROVIDER } from "./keys.js";
import type { CirconusCorrelatorPorts, PortOptions } from "./ports.js";

/** A page of the UI, as its URL names it. */
interface PageRoute {
  kind: Extract<PageKind, "alert" | "check" | "graph" | "rule-set">;
  id: string;
  /** The page's path under the UI root, without query or fragment. */
  path: string;
}

const NUMBER = /^\d{1,19}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pages `read` knows, for the reason it gives on any other page of the UI. */
const PAGES = "alerts (fault-detection/alerts/<id>), checks (checks/<id>), graphs (trending/graphs/view/<uuid>) and rule sets (fault-detection/rules/<id>)";

/**
 * The page named by the path under the UI root (`segments`, decoded) and the query. The routes are
 * the UI's (none is part of the API contract), read as `deep-links.ts` builds them:
 * - alert: `fault-detection/alerts/<id>` (SPEC `Alert._alert_url` example) and the older
 *   `fault-detection?alert_id=<id>` some accounts' `_alert_url` still has
 *   (https://github.com/circonus-labs/go-apiclient alert tests);
 * - check: `checks/<id>[/…]`, the page of the check `/check/<id>` — Circonus's cosi-tool builds it
 *   from a bundle's `_checks` (https://github.com/circonus-labs/cosi-tool), so it is read as a
 *   `check`, never as a `check-bundle`; `checks/metrics`, `checks/clusters` are other pages;
 * - graph: `trending/graphs/view/<uuid>` and `…/edit/<uuid>`;
 * - rule set: `fault-detection/rules/<ecid>`, the number in the rule set's CID `/rule_set/<ecid>`
 *   (https://docs.circonus.com/circonus/on-premises/roles-services/fault-detection/).
 * `undefined`: a page the reader does not read, or an id that cannot be one.
 */
function route(segments: readonly string[], query: URLSearchParams): PageRoute | undefined {
  const words = segments.map((s) => s.toLowerCase());
  const numeric = (id: string | undefined) => (id !== undefined && NUMBER.test(id) ? id : undefined);
  const rest = (from: number) => segments.slice(from).map((s) => `/${encodeURIComponent(s)}`).join("");
  if (words[0] === "fault-detection") {
    if (words.length === 1) {
      const id = numeric(query.get("alert_id") ?? undefined);
      return id === undefined ? undefined : { kind: "alert", id, path: `fault-detection/alerts/${id}` };
    }
    const kind = words[1] === "alerts" ? "alert" : words[1] === "rules" ? "rule-set" : undefined;
    const id = numeric(segments[2]);
    return kind && id !== undefined ? { kind, id, path: `fault-detection/${words[1]}/${id}${rest(3)}` } : undefined;
  }
  if (words[0] === "checks") {
    const id = numeric(segments[1]);
    return id === undefined ? undefined : { kind: "check", id, path: `checks/${id}${rest(2)}` };
  }
  if (words[0] === "trending" && words[1] === "graphs" && (words[2] === "view" || words[2] === "edit")) {
    const id = segments[3];
    if (id === undefined || !UUID.test(id)) return undefined;
    return { kind: "graph", id: id.toLowerCase(), path: `trending/graphs/${words[2]}/${id.toLowerCase()}${rest(4)}` };
  }
  return undefined;
}

/** The number of a `/check/<n>` CID; `undefined` for `/check/0` (a multi-check rule set) or anything else. */
function checkNumber(cid: string | null | undefined): string | undefined {
  const id = /^\/check\/(\d+)$/.exec(cid ?? "")?.[1];
  return id !== undefined && id !== "0" ? id : undefined;
}

/** What a lookup learnt: keys and attributes to add to the focus. */
interface Learnt {
  keys: Partial<CorrelationKeys>;
  attributes: Record<string, string | number>;
  label?: string;
}

/**
 * `correlator.pages`: reads the Circonus UI's own URLs (the inverse of `deep-links.ts`). The UI
 * host is the `uiUrl` setting, else the account's `_ui_base_url` (ports `links`); a URL on any
 * other origin is not Circonus's (`undefined`). The page's resource is looked up (ports `alert`,
 * `check`, `checkBundle`, `graph`, `ruleSet`) for the correlation keys its tags carry; a lookup
 * that fails is reported in `incomplete` and the focus keeps what the URL said.
 */
export function createPageReader(ports: CirconusCorrelatorPorts): PageReader {
  const uiBase = async (read: PortOptions): Promise<URL | undefined> => {
    try {
      const links = await ports.links?.(read);
      return links ? new URL(links.base) : undefined;
    } catch {
      return undefined; // no UI root: no page is known to be Circonus's
    }
  };

  return {
    async origins(options: PageReadOptions = {}) {
      const base = await uiBase(definedOnly({ signal: options.signal, memo: options.memo }));
      return base ? [base.origin] : [];
    },

    async read(input: URL, options: PageReadOptions = {}): Promise<PageReading | undefined> {
      const { signal } = options;
      const where = { operation: "pages.read", provider: PROVIDER };
      throwIfCancelled(signal, where);
      let url: URL;
      try {
        url = input instanceof URL ? input : new URL(String(input));
      } catch {
        return undefined;
      }
      const read: PortOptions = definedOnly({ signal, memo: options.memo });
      const base = await uiBase(read);
      throwIfCancelled(signal, where);
      // `URL` lower-cases the host and drops a default port; compare the rest without case too.
      const path = base ? pagePathUnder(url, base) : undefined;
      if (!base || path === undefined) return undefined;
      const page = `${url.origin}${url.pathname}`;
      const found = "malformed" in path ? undefined : route(path.segments, url.searchParams);
      if (!found) {
        return { ok: false, reason: `${quoteInput(page, 160)} is not a Circonus page toolweave reads: it reads ${PAGES} under ${base.toString()}.` };
      }

      // A failed lookup is reported, not fatal; the caller's abort is the one failure that rejects.
      const lookups = incompleteLookups(signal, where);
      const attempt = <T>(lookup: string, run: (() => Promise<T>) | undefined): Promise<T | undefined> =>
        run ? lookups.attempt(lookup, run) : Promise.resolve(undefined); // port not given: lookup not made
      const keysOf = (resource: CirconusTaggedResource) => extract(ports, resource);
      const hasTags = (resource: CirconusTaggedResource) => resourceTags(resource).length > 0;
      /** The keys of the bundle of check `/check/<n>`: `GET /check/<n>`, then `GET /check_bundle/<id>`. */
      const bundleOf = async (check: string): Promise<Learnt> => {
        const got = await attempt(`check ${check} (GET /check/${check})`, ports.check && (() => ports.check!(check, read)));
        const bundle = /^\/check_bundle\/(\d+)$/.exec(got?._check_bundle ?? "")?.[1];
        if (bundle === undefined) return { keys: {}, attributes: {} };
        const found = await attempt(`check bundle ${bundle} (GET /check_bundle/${bundle})`, ports.checkBundle && (() => ports.checkBundle!(bundle, read)));
        return {
          keys: found ? keysOf(found) : {},
          attributes: { checkBundle: `/check_bundle/${bundle}`, ...(found?.display_name ? { checkName: found.display_name } : {}) },
        };
      };

      const { kind, id } = found;
      let learnt: Learnt = { keys: {}, attributes: {} };
      if (kind === "alert") {
        const alert = await attempt(`alert ${id} (GET /alert/${id})`, ports.alert && (() => ports.alert!(id, read)));
        if (alert) {
          const at = epochIso(alert._occurred_on);
          const cleared = epochIso(alert._cleared_on);
          const check = checkNumber(alert._check);
          // The alert's own `_tags` are the bundle's at alert time; without any, the bundle's tags now.
          const bundle = !hasTags(alert) && check ? await bundleOf(check) : { keys: {}, attributes: {} };
          learnt = {
            keys: { ...bundle.keys, ...keysOf(alert) },
            attributes: definedOnly({
              ...bundle.attributes,
              at,
              cleared,
              severity: typeof alert._severity === "number" ? alert._severity : undefined,
              check: alert._check ?? undefined,
              checkName: alert._check_name ?? bundle.attributes.checkName,
              metric: alert._metric_name ?? undefined,
              ruleSet: alert._rule_set ?? undefined,
            }),
          };
        }
      } else if (kind === "check") {
        learnt = await bundleOf(id);
      } else if (kind === "graph") {
        const graph = await attempt(`graph ${id} (GET /graph/${id})`, ports.graph && (() => ports.graph!(id, read)));
        if (graph) {
          learnt = { keys: keysOf(graph), attributes: definedOnly({ title: graph.title ?? undefined }), ...(graph.title ? { label: `graph "${graph.title}"` } : {}) };
        }
      } else {
        const ruleSet = await attempt(`rule set ${id} (GET /rule_set/${id})`, ports.ruleSet && (() => ports.ruleSet!(id, read)));
        if (ruleSet) {
          // `tags` are the bundle's, inherited (empty for a multi-check rule set on `/check/0`).
          const check = checkNumber(ruleSet.check);
          const bundle = !hasTags(ruleSet) && check ? await bundleOf(check) : { keys: {}, attributes: {} };
          learnt = {
            keys: { ...bundle.keys, ...keysOf(ruleSet) },
            attributes: definedOnly({
              ...bundle.attributes,
              check: ruleSet.check ?? undefined,
              metric: ruleSet.metric_name ?? ruleSet.metric_pattern ?? undefined,
              name: ruleSet.name ?? undefined,
            }),
          };
        }
      }

      const noun = kind === "rule-set" ? "rule set" : kind;
      const focus: PageFocus = {
        provider: PROVIDER,
        kind,
        id,
        label: learnt.label ?? `${noun} ${id}`,
        url: new URL(found.path, base).toString(),
        keys: learnt.keys,
        // An alert's timeline events are ids `<_cid>:opened` / `:cleared` (service-events.ts): name them for insights.
        attributes: kind === "alert" ? { eventId: `/alert/${id}`, ...learnt.attributes } : learnt.attributes,
      };
      return { ok: true, focus, incomplete: lookups.incomplete };
    },
  };
}
