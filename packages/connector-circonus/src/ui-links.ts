import { cidId } from "./cid.js";

/** Deep links into the Circonus UI, built from the account's UI root (`_ui_base_url`). */
export interface CirconusUiLinks {
  /** The UI root, e.g. `https://example-ops.circonus.com/`. */
  readonly base: string;
  /** `<ui>/checks/<bundle id>` (the UI's check page). */
  checkBundle(cid: string): string;
  /** The alert's own `_alert_url` when given, else `<ui>/fault-detection/alerts/<id>` (SPEC `Alert._alert_url` example). */
  alert(alert: { _cid: string; _alert_url?: string | null | undefined }): string;
  /** `<ui>/trending/graphs/view/<uuid>`. */
  graph(cid: string): string;
}

/**
 * Builds deep links. The alert form comes from the API itself (`_alert_url`, SPEC); the check and
 * graph forms follow the UI's routes (`/checks/…`, `/trending/graphs/view/…`) and are not part of
 * any API contract, so they may change with the UI.
 */
export function circonusUiLinks(uiBase: string | URL): CirconusUiLinks {
  const url = new URL(String(uiBase));
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  url.search = "";
  url.hash = "";
  const base = url.toString();
  const at = (path: string) => new URL(path, base).toString();
  const seg = (type: string, cid: string) => encodeURIComponent(cidId(type, cid));
  return {
    base,
    checkBundle: (cid) => at(`checks/${seg("check_bundle", cid)}`),
    alert: (alert) => {
      const given = alert._alert_url;
      if (given && /^https:\/\//.test(given)) return given;
      return at(`fault-detection/alerts/${seg("alert", alert._cid)}`);
    },
    graph: (cid) => at(`trending/graphs/view/${seg("graph", cid)}`),
  };
}
