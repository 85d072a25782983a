import {
  createCallMemo,
  createConnectorRequest,
  memoize,
  memoizedGets,
  normalizeBaseUrl,
  type CallMemo,
  type Connector,
  type ConnectorRequestOptions,
  type HttpResponse,
  type PagedIterable,
  type VerifyReport,
} from "@toolweave/core";
import { cidPath } from "./cid.js";
import type { CirconusCredential } from "./credential.js";
import { createCorrelator, type CirconusCorrelator } from "./correlator/create-correlator.js";
import type { FoundList } from "./correlator/ports.js";
import { createOperationContext, type OperationContext } from "./operation-context.js";
import type { MetricQuery } from "./metric-query.js";
import { getAccount, getCurrentUser } from "./operations/account.js";
import { getAlert, listAlerts, type ListAlertsOptions } from "./operations/alerts.js";
import { createAnnotation, deleteAnnotation, listAnnotations, type DeletedAnnotation } from "./operations/annotations.js";
import { getCheckBundle, listCheckBundles, updateCheckBundleTags } from "./operations/check-bundles.js";
import { listChecks } from "./operations/checks.js";
import { listContactGroups } from "./operations/contact-groups.js";
import { listDashboards } from "./operations/dashboards.js";
import { listGraphs } from "./operations/graphs.js";
import type { ListOptions } from "./paginate-list.js";
import { listMaintenance } from "./operations/maintenance.js";
import { searchMetrics, type MetricSearchResult, type SearchMetricsOptions } from "./operations/metrics.js";
import { parseSignalOptions } from "./operations/parse-input.js";
import { listRuleSets } from "./operations/rule-sets.js";
import type { CirconusAccount } from "./schemas/account.js";
import type { CirconusAlert } from "./schemas/alert.js";
import type { AnnotationInput, CirconusAnnotation } from "./schemas/annotation.js";
import { checkSchema, type CirconusCheck } from "./schemas/check.js";
import type { CirconusCheckBundle } from "./schemas/check-bundle.js";
import type { CirconusContactGroup } from "./schemas/contact-group.js";
import type { CirconusDashboard } from "./schemas/dashboard.js";
import { graphSchema, type CirconusGraph } from "./schemas/graph.js";
import type { CirconusMaintenance } from "./schemas/maintenance.js";
import { ruleSetSchema, type CirconusRuleSet } from "./schemas/rule-set.js";
import type { CirconusUser } from "./schemas/user.js";
import type { CirconusSettings } from "./settings.js";
import { createDeepLinks, type CirconusDeepLinks } from "./deep-links.js";
import { verify } from "./verify.js";

/** Options of operations that take only a cancellation signal; aborting rejects the call with `AbortedError`. */
export type Signal = { signal?: AbortSignal };

/** A configured Circonus client: core's `Connector` plus typed operations. */
export interface CirconusClient extends Connector {
  readonly id: "circonus";
  readonly displayName: "Circonus";
  readonly credential: CirconusCredential;
  readonly correlator: CirconusCorrelator;
  /** Normalised API root. */
  readonly baseUrl: URL;
  /** The application name sent in `X-Circonus-App-Name`; it must be approved for the token in the Circonus UI. */
  readonly appName: string;
  /**
   * Calls `GET /account/current` and `GET /user/current` and reports the account, the user,
   * whether the app name is approved for the token (a 401 usually means approval is pending)
   * and the declared token kind and privilege. Problems are reported as failed checks.
   */
  verify(options?: Signal): Promise<VerifyReport>;

  /** `GET /account/current`: the account the token belongs to. */
  getAccount(options?: Signal): Promise<CirconusAccount>;
  /** `GET /user/current`: the token's owner. */
  getCurrentUser(options?: Signal): Promise<CirconusUser>;
  /** `GET /check_bundle`. Disabled (deleted) bundles are not listed. */
  listCheckBundles(options?: ListOptions): PagedIterable<CirconusCheckBundle>;
  /** `GET /check_bundle/<id>`; accepts `1234` or `/check_bundle/1234`. */
  getCheckBundle(cid: string | number, options?: Signal): Promise<CirconusCheckBundle>;
  /** Write: replaces a bundle's tags. Refused before any request with a read-only token. */
  updateCheckBundleTags(cid: string | number, tags: readonly string[], options?: Signal): Promise<CirconusCheckBundle>;
  /** `GET /check`: individual checks (one per broker of a bundle). */
  listChecks(options?: ListOptions): PagedIterable<CirconusCheck>;
  /**
   * `GET /metric?search=…` with a tag query (built with `metricTag`, `and`, `or`, `not`, or
   * a tag map). One request, at most 10 000 results: when `truncated` is true, narrow the query.
   */
  searchMetrics(query: MetricQuery | Readonly<Record<string, string | number>>, options?: SearchMetricsOptions): Promise<MetricSearchResult>;
  /**
   * `GET /alert`: by default uncleared alerts of the last 30 days. A `since`/`until` window
   * longer than 30 days is refused with `InvalidInputError` before any request.
   */
  listAlerts(options?: ListAlertsOptions): PagedIterable<CirconusAlert>;
  /** `GET /alert/<id>`; accepts `4378611` or `/alert/4378611`, cleared and older alerts included. */
  getAlert(cid: string | number, options?: Signal): Promise<CirconusAlert>;
  /** `GET /rule_set`: alerting rules. */
  listRuleSets(options?: ListOptions): PagedIterable<CirconusRuleSet>;
  /** `GET /contact_group`. */
  listContactGroups(options?: ListOptions): PagedIterable<CirconusContactGroup>;
  /** `GET /graph`. */
  listGraphs(options?: ListOptions): PagedIterable<CirconusGraph>;
  /** `GET /dashboard`: legacy dashboards only (custom dashboards live under `/custom_dashboard`). */
  listDashboards(options?: ListOptions): PagedIterable<CirconusDashboard>;
  /** `GET /maintenance`: windows that have not stopped yet; past ones are reachable only by CID. */
  listMaintenance(options?: ListOptions): PagedIterable<CirconusMaintenance>;
  /** `GET /annotation`. */
  listAnnotations(options?: ListOptions): PagedIterable<CirconusAnnotation>;
  /** Write: creates an annotation (e.g. a deploy marker). Refused before any request with a read-only token. */
  createAnnotation(input: AnnotationInput, options?: Signal): Promise<CirconusAnnotation>;
  /**
   * Write: `DELETE /annotation/<id>` (accepts `1234` or `/annotation/1234`). Refused before any
   * request with a read-only token. Idempotent, so retried like a read; a 404 (already deleted,
   * perhaps by an earlier attempt of this call) resolves with `alreadyGone: true`.
   */
  deleteAnnotation(cid: string | number, options?: Signal): Promise<DeletedAnnotation>;
  /** Deep links into the UI: from `uiUrl`, else the account's `_ui_base_url` (fetched once); undefined when unknown. */
  uiLinks(options?: Signal): Promise<CirconusDeepLinks | undefined>;
  /**
   * Escape hatch: any API v2 endpoint this client does not wrap, through the same runtime
   * (token and app-name headers, retries, throttle, timeouts, redaction, typed errors). `path`
   * is relative to `baseUrl` (e.g. `"graph"`); anything leaving it is refused before sending.
   * Writes are refused before sending with a read-only token. Returns `{ data, status,
   * headers, url }`, `data` validated by `schema` when given.
   */
  request<T = unknown>(options: ConnectorRequestOptions<T>): Promise<HttpResponse<T>>;
}

/** Results `find` collects per resource kind at most. */
const FIND_LIMIT = 200;

/** Up to FIND_LIMIT items of a list, and whether it ended early (so `find` can say so). */
async function found<T>(list: PagedIterable<T>): Promise<FoundList<T>> {
  // One more than kept, to know whether the cap hid anything.
  const items = await list.toArray({ limit: FIND_LIMIT + 1 });
  if (items.length > FIND_LIMIT) return { items: items.slice(0, FIND_LIMIT), truncated: list.truncated, capped: FIND_LIMIT };
  return { items, truncated: list.truncated };
}

/**
 * Creates a Circonus API v2 client. Settings are validated before anything is sent: a missing
 * app name is a `ConfigurationError` naming `CIRCONUS_API_APP`.
 */
export function createCirconus(input: CirconusSettings): CirconusClient {
  const ctx = createOperationContext(input);
  const { http, credential, settings } = ctx;

  // The account's UI host is read once per client and shared by every caller, through core's
  // memoize: a caller's cancel ends only its own wait (a caller still waiting reads it again under
  // its own signal). A failed read is no links for its callers, and is tried again on the next call.
  let accountMemo = createCallMemo();
  const toLinks = (account: CirconusAccount): CirconusDeepLinks | undefined => {
    if (!account._ui_base_url) return undefined;
    try {
      return createDeepLinks(normalizeBaseUrl(account._ui_base_url, "_ui_base_url"));
    } catch {
      return undefined;
    }
  };
  const uiLinks = async (input?: Signal): Promise<CirconusDeepLinks | undefined> => {
    const options = parseSignalOptions(input, "uiLinks");
    if (settings.uiUrl) return createDeepLinks(normalizeBaseUrl(settings.uiUrl, "uiUrl"), { configured: true });
    const memo = accountMemo;
    try {
      return await memoize(memo, ctx, "uiLinks", () => getAccount(ctx, options).then(toLinks), { signal: options.signal, operation: "uiLinks", provider: "circonus" });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (accountMemo === memo) accountMemo = createCallMemo();
      return undefined;
    }
  };

  // Reads for one answer share its memo (core's `memoizedGets`): a page's check bundle is read once.
  const within = (memo: CallMemo | undefined): OperationContext => (memo ? { ...ctx, http: memoizedGets(ctx.http, memo) } : ctx);
  const signalOnly = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

  // The correlator's ports (the searches by tag ignore an answer's `memo`: no two of them read the same list).
  const correlator = createCorrelator({
    conventions: settings.conventions,
    checkBundles: (search, { signal }) => found(listCheckBundles(ctx, { search, ...(signal ? { signal } : {}) })),
    ruleSets: (search, { signal }) => found(listRuleSets(ctx, { search, ...(signal ? { signal } : {}) })),
    alerts: (search, { signal }) => found(listAlerts(ctx, { search, ...(signal ? { signal } : {}) })),
    links: ({ signal }) => uiLinks(signal ? { signal } : {}),
    // A page showing a timeline and delivery health cuts both ranges into the same 30-day
    // windows (anchored at `until`): within one answer's memo each window is searched once.
    alertsInWindow: (search, { clearedSince, ...window }, { signal, memo }) =>
      memoize(
        memo,
        ctx,
        `alertsInWindow ${JSON.stringify([search, window.active, window.since.getTime(), window.until.getTime(), clearedSince?.getTime() ?? null])}`,
        () =>
          found(
            listAlerts(ctx, {
              search,
              ...window,
              // `f__cleared_on_ge` (a filter on the read-only field, https://docs.circonus.com/circonus/api/) narrows old windows to alerts that still matter.
              ...(clearedSince ? { filter: [{ field: "_cleared_on", op: "ge" as const, value: clearedSince }] } : {}),
              ...(signal ? { signal } : {}),
            }),
          ),
        { signal, operation: "listAlerts", provider: "circonus" },
      ),
    // Only the window's annotations (`f_start_ge`, `f_start_le`, `f_stop_ge` filters), newest
    // created first, so a long history never pushes them past the cap
    // (https://docs.circonus.com/circonus/api/, filters).
    annotations: (text, bounds, { signal }) =>
      found(
        listAnnotations(ctx, {
          search: { terms: { description: { value: text, match: "contains" } } },
          filter: [
            ...(bounds.startFrom ? [{ field: "start", op: "ge" as const, value: bounds.startFrom }] : []),
            { field: "start", op: "le" as const, value: bounds.startTo },
            ...(bounds.stopFrom ? [{ field: "stop", op: "ge" as const, value: bounds.stopFrom }] : []),
          ],
          order: "_cid",
          dir: "desc",
          ...(signal ? { signal } : {}),
        }),
      ),
    // One object by id, for `pages.read`; `/check`, `/graph` and `/rule_set` have no typed operation yet.
    alert: (id, { signal, memo }) => getAlert(within(memo), id, signalOnly(signal)),
    checkBundle: (id, { signal, memo }) => getCheckBundle(within(memo), id, signalOnly(signal)),
    check: (id, { signal, memo }) => within(memo).http.get({ operation: "getCheck", path: cidPath("check", id), schema: checkSchema, ...signalOnly(signal) }),
    graph: (uuid, { signal, memo }) => within(memo).http.get({ operation: "getGraph", path: cidPath("graph", uuid), schema: graphSchema, ...signalOnly(signal) }),
    ruleSet: (id, { signal, memo }) => within(memo).http.get({ operation: "getRuleSet", path: cidPath("rule_set", id), schema: ruleSetSchema, ...signalOnly(signal) }),
    alertLookbackDays: settings.alertLookbackDays,
  });

  const client: CirconusClient = {
    id: "circonus",
    displayName: "Circonus",
    credential,
    correlator,
    baseUrl: http.baseUrl,
    appName: settings.appName,
    verify: async (input) =>
      verify(
        { credential, getAccount: (signal) => getAccount(ctx, signal ? { signal } : {}), getCurrentUser: (signal) => getCurrentUser(ctx, signal ? { signal } : {}) },
        parseSignalOptions(input, "verify"),
      ),
    getAccount: (options) => getAccount(ctx, options),
    getCurrentUser: (options) => getCurrentUser(ctx, options),
    listCheckBundles: (options) => listCheckBundles(ctx, options),
    getCheckBundle: (cid, options) => getCheckBundle(ctx, cid, options),
    updateCheckBundleTags: (cid, tags, options) => updateCheckBundleTags(ctx, cid, tags, options),
    listChecks: (options) => listChecks(ctx, options),
    searchMetrics: (query, options) => searchMetrics(ctx, query, options),
    listAlerts: (options) => listAlerts(ctx, options),
    getAlert: (cid, options) => getAlert(ctx, cid, options),
    listRuleSets: (options) => listRuleSets(ctx, options),
    listContactGroups: (options) => listContactGroups(ctx, options),
    listGraphs: (options) => listGraphs(ctx, options),
    listDashboards: (options) => listDashboards(ctx, options),
    listMaintenance: (options) => listMaintenance(ctx, options),
    listAnnotations: (options) => listAnnotations(ctx, options),
    createAnnotation: (annotation, options) => createAnnotation(ctx, annotation, options),
    deleteAnnotation: (cid, options) => deleteAnnotation(ctx, cid, options),
    uiLinks,
    request: createConnectorRequest({ http, displayName: "Circonus", beforeWrite: (operation) => ctx.assertWritable(operation) }),
  };
  return Object.freeze(client);
}
