import { InvalidInputError, describeReceived, type PagedIterable } from "@toolweave/core";
import { cidPath } from "../cid.js";
import { epochSeconds } from "../epoch-seconds.js";
import type { OperationContext } from "../operation-context.js";
import { alertSchema, type CirconusAlert } from "../schemas/alert.js";
import { buildSearch, searchText } from "../search.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions, parseSignalOptions } from "./parse-input.js";

/** `/alert` searches cover at most 30 days of `occurred_on` (SPEC `/alert` summary, https://docs.circonus.com/circonus/api/, https://github.com/circonus-labs/go-apiclient). */
export const ALERT_WINDOW_DAYS = 30;
const WINDOW_SECONDS = ALERT_WINDOW_DAYS * 86_400;

export interface ListAlertsOptions extends ListOptions {
  /**
   * `true` (default): uncleared alerts, as the API returns by default; `false`: cleared ones
   * (`(active:0)`). Sent explicitly as a search term either way (SPEC `/alert`).
   */
  active?: boolean;
  /** Earliest `occurred_on` (Date or epoch seconds), sent as `occurred_on_start`. API default: 30 days ago. */
  since?: Date | number;
  /** Latest `occurred_on` (Date or epoch seconds), sent as `occurred_on_end`. API default: now. */
  until?: Date | number;
  /** Clock for the 30-day check (tests). */
  now?: () => Date;
}

/**
 * `GET /alert`. By default Circonus returns only uncleared alerts that occurred in the last
 * 30 days, and no search may span more than 30 days (SPEC `/alert` summary; https://docs.circonus.com/circonus/api/
 * "alert", §7.10). This method keeps those defaults, sends `(active:1)`/`(active:0)` explicitly,
 * and refuses a `since`/`until` window longer than 30 days before any request instead of
 * letting the server silently truncate it.
 */
export function listAlerts(ctx: OperationContext, input?: ListAlertsOptions): PagedIterable<CirconusAlert> {
  const options = parseListOptions<ListAlertsOptions>(input, "listAlerts", ["active", "since", "until", "now"]);
  if (options.active !== undefined && typeof options.active !== "boolean") {
    throw new InvalidInputError(`Circonus listAlerts: active must be true or false (got ${describeReceived(options.active)}).`, {
      provider: "circonus",
      fix: "Pass active: true (uncleared alerts, the default) or active: false (cleared ones).",
    });
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new InvalidInputError(`Circonus listAlerts: now must be a function returning a Date (got ${describeReceived(options.now)}).`, {
      provider: "circonus",
      fix: "Leave now out; it exists for tests.",
    });
  }
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const since = options.since === undefined ? undefined : epochSeconds(options.since, "since", "listAlerts");
  const until = options.until === undefined ? undefined : epochSeconds(options.until, "until", "listAlerts");
  if (since !== undefined && until !== undefined && until < since) {
    throw new InvalidInputError("listAlerts: until is before since.", { provider: "circonus", fix: "Pass until at or after since." });
  }
  if (since !== undefined && (until ?? nowSeconds) - since > WINDOW_SECONDS) {
    throw new InvalidInputError(`listAlerts: the window from since to ${until === undefined ? "now" : "until"} is longer than ${ALERT_WINDOW_DAYS} days, the most /alert can search.`, {
      provider: "circonus",
      fix: `Narrow since/until to at most ${ALERT_WINDOW_DAYS} days, and query older ranges window by window.`,
    });
  }
  const user = searchText(options.search, "listAlerts") ?? "";
  const terms: Record<string, number> = {};
  if (!/\(active:/.test(user)) terms.active = options.active === false ? 0 : 1;
  if (since !== undefined) terms.occurred_on_start = since;
  if (until !== undefined) terms.occurred_on_end = until;
  const extraSearch = Object.keys(terms).length ? buildSearch({ terms }) : undefined;
  const { search: _search, active: _active, since: _since, until: _until, now: _now, ...rest } = options;
  // The caller's search (already checked) and the window terms go out as one search= value.
  const combined = `${user}${extraSearch?.text ?? ""}`;
  return paginateList(ctx, {
    operation: "listAlerts",
    path: "/alert",
    item: alertSchema,
    options: rest,
    ...(combined ? { extraSearch: combined } : {}),
  });
}

/** `GET /alert/<id>`; accepts `4378611` or `/alert/4378611`. Works for cleared and older alerts too. */
export async function getAlert(ctx: OperationContext, cid: string | number, options?: { signal?: AbortSignal }): Promise<CirconusAlert> {
  const path = cidPath("alert", cid);
  const signal = parseSignalOptions(options, "getAlert");
  return ctx.http.get({ operation: "getAlert", path, schema: alertSchema, ...signal });
}
