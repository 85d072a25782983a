import { cidId } from "./cid.js";
import { httpsUrl } from "@toolweave/core";

/**
 * Deep links into the Circonus UI, built from the account's UI root (`_ui_base_url`). Each
 * builder takes ids as a server returned them: the spec types `_cid` as a plain string, so an
 * id that cannot form a link (`/alert/abc`, empty, another type) gives `undefined`, never an
 * error — the caller leaves that one link out and still answers.
 */
export interface CirconusDeepLinks {
  /** The UI root, e.g. `https://example-ops.circonus.com/`. */
  readonly base: string;
  /**
   * A check bundle's page: the UI has none of its own — `/checks/<n>` is the page of the check
   * `/check/<n>` (see {@link check}) — so this is the page of the bundle's first check
   * (`_checks[0]`, one per broker); `undefined` when the bundle lists no usable check.
   */
  checkBundle(bundle: { _checks?: readonly string[] | null | undefined }): string | undefined;
  /** `<ui>/checks/<check id>` (the UI's check page); `undefined` when `cid` is not a check CID. */
  check(cid: string): string | undefined;
  /**
   * The alert's own `_alert_url` when it is an https URL, else `<ui>/fault-detection/alerts/<id>`
   * (SPEC `Alert._alert_url` example) — that form first when the UI root was configured (`uiUrl`);
   * `undefined` when neither can be made.
   */
  alert(alert: { _cid: string; _alert_url?: string | null | undefined }): string | undefined;
  /** `<ui>/trending/graphs/view/<uuid>`; `undefined` when `cid` is not a graph CID. */
  graph(cid: string): string | undefined;
  /** `<ui>/fault-detection/rules/<id>`; `undefined` unless `cid` is a rule set CID with a numeric id (legacy `<check>_<metric>` ids have no page). */
  ruleSet(cid: string): string | undefined;
}

/**
 * Deep-link builders for the Circonus UI at `uiBase` (the account's `_ui_base_url`, or the
 * `uiUrl` setting: `configured: true`). The alert form comes from the API itself (`_alert_url`,
 * SPEC) unless the UI root was configured, where links stay on it; the check, graph and rule set forms follow
 * the UI's routes (`/checks/<check id>` as Circonus's cosi-tool builds it from a bundle's `_checks`,
 * https://github.com/circonus-labs/cosi-tool; `/trending/graphs/view/…`;
 * `/fault-detection/rules/<id>`, https://docs.circonus.com/circonus/on-premises/roles-services/fault-detection/)
 * and are not part of any API contract, so they may change with the UI. `read-page.ts` reads them back.
 */
export function createDeepLinks(uiBase: string | URL, options: { configured?: boolean } = {}): CirconusDeepLinks {
  const url = new URL(String(uiBase));
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  url.search = "";
  url.hash = "";
  const base = url.toString();
  const at = (path: string) => new URL(path, base).toString();
  const seg = (type: string, cid: string): string | undefined => {
    try {
      return encodeURIComponent(cidId(type, cid));
    } catch {
      return undefined; // not an id of this type (any string is spec-valid): no link, no error
    }
  };
  const link = (prefix: string, id: string | undefined) => (id === undefined ? undefined : at(`${prefix}${id}`));
  return {
    base,
    checkBundle: (bundle) => {
      const first = bundle._checks?.[0];
      return typeof first === "string" ? link("checks/", seg("check", first)) : undefined;
    },
    alert: (alert) => {
      const built = link("fault-detection/alerts/", seg("alert", alert._cid));
      // A UI root the user configured (uiUrl) wins: they reach the UI there, whatever host the API names.
      if (options.configured && built) return built;
      return httpsUrl(alert._alert_url) ?? built;
    },
    check: (cid) => link("checks/", seg("check", cid)),
    graph: (cid) => link("trending/graphs/view/", seg("graph", cid)),
    ruleSet: (cid) => {
      const id = seg("rule_set", cid);
      return id !== undefined && /^\d+$/.test(id) ? at(`fault-detection/rules/${id}`) : undefined;
    },
  };
}
