import type { ServiceEntry } from "../catalog.js";
import { LruCache } from "./lru-cache.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_TOKEN, SIM_TOKENS_IN_TEXT } from "./sim-credentials.js";
import { HISTORY, STORY, STORY_ENV, STORY_SERVICE } from "./story.js";

// Payload shapes follow the Circonus API v2 reference (https://docs.circonus.com/circonus/api/)
// and its examples for /account/current, check bundle search and the alert list:
// `_`-prefixed read-only fields, epoch-second times, CIDs as paths,
// `_cleared_on`/`_acknowledgement` always present and null when unset.

/** One service's monitoring objects, built on demand. */
export interface ServiceCirconus {
  checkBundles: Record<string, unknown>[];
  checks: Record<string, unknown>[];
  metrics: Record<string, unknown>[];
  alerts: Record<string, unknown>[];
  ruleSets: Record<string, unknown>[];
  graphs: Record<string, unknown>[];
}

export type CirconusCollection = "check_bundle" | "check" | "rule_set" | "contact_group" | "graph" | "dashboard" | "maintenance" | "annotation" | "alert" | "metric";

const PER_SERVICE: Partial<Record<CirconusCollection, keyof ServiceCirconus>> = {
  check_bundle: "checkBundles",
  check: "checks",
  rule_set: "ruleSets",
  graph: "graphs",
  alert: "alerts",
  metric: "metrics",
};

/**
 * Numeric ids are per service slot (`base + index * ID_STRIDE + n`), so an object is found by
 * its id without building any other service. A service holds up to ID_STRIDE / 4 environments.
 */
const ID_STRIDE = 1000;
const BASE = { bundle: 45_300, check: 62_500, ruleSet: 98_200, alert: 4_378_600 } as const;

export interface CirconusWorld {
  account: Record<string, unknown>;
  user: Record<string, unknown>;
  uiBaseUrl: string;
  /** Candidates for a list: only the services a `service:<name>` tag in `search` can match, else every service. */
  items(type: CirconusCollection, search: string | null): Iterable<Record<string, unknown>>;
  /** One object by its CID (`/check_bundle/45301`). */
  byCid(type: CirconusCollection, cid: string): Record<string, unknown> | undefined;
  /** Services built so far and currently cached (for the bench). */
  readonly built: number;
  /**
   * Adds an annotation (`POST /annotation`, already validated) and returns it as the API does.
   * Ids only grow: each create takes the next one, and an id is never given again, even after
   * a delete (a database sequence does the same), so the lowest id of several copies is the
   * one made first.
   */
  createAnnotation(body: Record<string, unknown>): Record<string, unknown>;
  /** Removes an annotation (`DELETE /annotation/<id>`); false when there is none with that CID. */
  deleteAnnotation(cid: string): boolean;
}

export function buildCirconusWorld(services: readonly ServiceEntry[], nowMs: number, options: { secretsInData?: boolean } = {}): CirconusWorld {
  const now = Math.floor(nowMs / 1000);
  // Simulated account UI: a reserved .invalid host (RFC 2606), never a real circonus.com account.
  const ui = "https://acme-sim.circonus.simulated.invalid/";
  const index = new Map(services.map((s, i) => [s.name, i]));
  const cache = new LruCache<number, ServiceCirconus>(256);
  let built = 0;
  const serviceAt = (i: number) =>
    cache.get(i, () => {
      built += 1;
      return buildServiceCirconus(services[i]!, i, now, ui, options.secretsInData === true);
    });
  const global: Partial<Record<CirconusCollection, Record<string, unknown>[]>> = {
    contact_group: [
      { _cid: "/contact_group/1701", name: "payments on-call", tags: ["team:payments"], _last_modified: now - 86400 * 40 },
      { _cid: "/contact_group/1702", name: "storefront on-call", tags: ["team:storefront"], _last_modified: now - 86400 * 12 },
    ],
    dashboard: [{ _cid: "/dashboard/77", title: "Service overview", _dashboard_uuid: "0d7e6a2c-1f4b-4c3d-8e9f-a1b2c3d4e5f6", _created: now - 86400 * 300 }],
    maintenance: [
      {
        _cid: "/maintenance/8801",
        item: "/check_bundle/45302",
        type: "check_bundle",
        start: now - 3600,
        stop: now + 3600,
        notes: "Planned database failover",
        severities: ["1", "2", "3", "4", "5"],
        tags: ["service:checkout", "env:staging"],
      },
    ],
    annotation: [
      {
        _cid: "/annotation/301",
        _created: now - 7200,
        _last_modified: now - 7200,
        _last_modified_by: "/user/42",
        category: "deploy",
        description: "checkout 1045 to prod",
        rel_metrics: [],
        start: now - 7200,
        stop: now - 7100,
        title: "Deploy checkout",
      },
      // Put on the graphs by hand; the service's tags are words of the description, as
      // annotations carry no tags (https://docs.circonus.com/circonus/api/, Annotation).
      {
        _cid: "/annotation/302",
        _created: now - STORY.manualAnnotationAgo / 1000,
        _last_modified: now - STORY.manualAnnotationAgo / 1000,
        _last_modified_by: "/user/42",
        category: "change",
        // The "secrets-in-data" fault: both tokens the demo holds in the annotation's text.
        description: `Raised the payment DB pool from 20 to 40 connections.${options.secretsInData ? ` Pasted by mistake: ${SIM_TOKENS_IN_TEXT}` : ""}\nservice:${STORY_SERVICE} env:${STORY_ENV}`,
        rel_metrics: [],
        start: now - STORY.manualAnnotationAgo / 1000,
        stop: now - STORY.manualAnnotationAgo / 1000 + 600,
        title: `DB pool size raised${options.secretsInData ? ` (${SIM_TOKENS_IN_TEXT})` : ""}`,
      },
    ],
  };
  // Created annotations are numbered from 1000 + the ones the world starts with (1002 first).
  let nextAnnotationId = 1000 + global.annotation!.length;
  /** Service slots a search can match: `service:web-shop` → web-shop; `service:search-api` → search too (its extra tag). */
  const slotsFor = (search: string | null): number[] | undefined => {
    const tags = /\(tags:([^)]*)\)/.exec(search ?? "")?.[1];
    const wanted = tags?.split(",").map((t) => t.trim().toLowerCase()).find((t) => t.startsWith("service:") && !t.includes("*"));
    if (!wanted) return undefined;
    const value = wanted.slice("service:".length);
    const parts = value.split("-");
    const slots: number[] = [];
    for (let n = parts.length; n >= 1; n--) {
      const slot = index.get(parts.slice(0, n).join("-"));
      if (slot !== undefined) slots.push(slot);
    }
    return slots;
  };
  return {
    uiBaseUrl: ui,
    get built() {
      return built;
    },
    account: {
      _cid: "/account/4321",
      _account_uuid: "3c9a1f6e-2b7d-4e8a-9f10-5d6c7b8a9e01",
      _owner: "/user/42",
      _created_on: 1_600_000_000,
      _ui_base_url: ui,
      _c3_data_url: "https://acme-sim.c3.circonus.simulated.invalid/",
      _contact_groups: ["/contact_group/1701"],
      _usage: [{ _type: "Host", _limit: 500, _used: 37 }],
      name: "acme-sim",
      description: "Simulated Acme monitoring account (toolweave demo)",
      timezone: "Europe/Berlin",
      country_code: "DE",
      address1: null,
      address2: null,
      city: null,
      state_prov: null,
      cc_email: null,
      default_dashboard_uuid: null,
      default_dashboard_type: null,
      invites: [],
      users: [
        { user: "/user/42", role: "Admin" },
        { user: "/user/57", role: "Read Only" },
      ],
    },
    user: { _cid: "/user/42", email: "platform-bot@acme.example", firstname: "Platform", lastname: "Bot", contact_info: {} },
    // Synchronous: the id is taken and the annotation stored in one step of the event loop, so
    // concurrent requests can neither share an id nor see a later id before an earlier one.
    createAnnotation(body) {
      const id = nextAnnotationId++;
      const created = { _cid: `/annotation/${id}`, _created: now, _last_modified: now, _last_modified_by: "/user/42", rel_metrics: [], ...body };
      global.annotation!.push(created);
      return created;
    },
    deleteAnnotation(cid) {
      const list = global.annotation!;
      const at = list.findIndex((item) => item._cid === cid);
      if (at < 0) return false;
      list.splice(at, 1);
      return true;
    },
    items(type, search) {
      const key = PER_SERVICE[type];
      if (!key) return global[type] ?? [];
      const slots = slotsFor(search);
      // Lazily, service by service: a page only builds the services it reaches.
      return (function* () {
        if (slots) for (const slot of slots) yield* serviceAt(slot)[key];
        else for (let slot = 0; slot < services.length; slot++) yield* serviceAt(slot)[key];
      })();
    },
    byCid(type, cid) {
      const key = PER_SERVICE[type];
      if (!key) return (global[type] ?? []).find((item) => item._cid === cid);
      const id = Number(/(\d+)/.exec(cid.split("/")[2] ?? "")?.[1]);
      const base = type === "check_bundle" ? BASE.bundle : type === "check" || type === "metric" ? BASE.check : type === "rule_set" ? BASE.ruleSet : type === "alert" ? BASE.alert : 0;
      const slot = Math.floor((id - base - 1) / ID_STRIDE);
      if (!Number.isInteger(slot) || slot < 0 || slot >= services.length) return undefined;
      return serviceAt(slot)[key].find((item) => item._cid === cid);
    },
  };
}

/** One service's check bundles, checks, metrics, rule sets, graphs and alerts (deterministic). */
function buildServiceCirconus(service: ServiceEntry, slot: number, now: number, ui: string, secretsInData: boolean): ServiceCirconus {
  const world: ServiceCirconus = { checkBundles: [], checks: [], metrics: [], alerts: [], ruleSets: [], graphs: [] };
  let bundleId = BASE.bundle + slot * ID_STRIDE;
  let checkId = BASE.check + slot * ID_STRIDE;
  let ruleSetId = BASE.ruleSet + slot * ID_STRIDE;
  let alertId = BASE.alert + slot * ID_STRIDE;
  /** Each env's health check, for the story's older alerts. */
  const health = new Map<string, { bundle: Parameters<typeof alert>[1]; check: string; ruleSet: number }>();
  {
    const team = service.team;
    const component = service.component ?? service.name;
    for (const env of service.envs) {
      const baseTags = [`env:${env}`, `service:${service.name}`, ...(team ? [`team:${team}`] : []), `component:${component}`].sort();
      // Conventions broken on purpose for `audit`: billing's prod health check has a
      // malformed tag and no service tag; search's bundle carries two service tags.
      const tags =
        service.name === "billing" && env === "prod"
          ? ["billing", "env:prod", "team:payments"]
          : service.name === "search"
            ? [...baseTags, "service:search-api"].sort()
            : baseTags;
      for (const kind of ["http", "httptrap"] as const) {
        bundleId += 1;
        const checks = [`/check/${++checkId}`];
        const host = `${service.name}.${env}.acme.example`;
        const bundle = {
          _cid: `/check_bundle/${bundleId}`,
          _checks: checks,
          _check_uuids: [`5${String(bundleId).padStart(7, "0")}-5614-57f1-87e3-32ca709c9cac`],
          _created: now - 86400 * 200,
          _last_modified: now - 86400 * 3,
          _last_modified_by: "/user/42",
          _reverse_connection_urls: [],
          brokers: ["/broker/35"],
          config:
            kind === "http"
              ? { url: `https://${host}/health`, http_version: "1.1", method: "GET", code: "^200$", read_limit: "0", redirects: "0" }
              : { asynch_metrics: "true", submission_url: `https://trap.acme-sim.circonus.simulated.invalid/module/httptrap/${bundleId}/REDACTED` },
          display_name: kind === "http" ? `${host} health` : `${service.name}-${component} app metrics (${env})`,
          metric_filters: [],
          metric_limit: 0,
          metrics:
            kind === "http"
              ? [
                  { name: "code", type: "text", status: "active", tags: [], units: null },
                  { name: "duration", type: "numeric", status: "active", tags: [], units: "milliseconds" },
                ]
              : [{ name: "requests", type: "histogram", status: "active", tags: [], units: null }],
          notes: null,
          period: 60,
          status: "active",
          tags,
          target: host,
          timeout: 10,
          type: kind,
        };
        world.checkBundles.push(bundle);
        world.checks.push({ _cid: checks[0], _active: true, _broker: "/broker/35", _check_bundle: bundle._cid, _check_uuid: bundle._check_uuids[0], _details: null });
        for (const metric of bundle.metrics) {
          world.metrics.push({
            _cid: `/metric/${checkId}_${metric.name}`,
            _active: true,
            _check: checks[0],
            _check_active: true,
            _check_broker: "acme-broker-1",
            _check_bundle: bundle._cid,
            _check_module: kind,
            _check_tags: tags,
            _check_target: host,
            _check_uuid: bundle._check_uuids[0],
            _display_name: bundle.display_name,
            _histogram: metric.type === "histogram" ? "active" : false,
            _metric_name: metric.name,
            _metric_type: metric.type === "text" ? "text" : metric.type === "histogram" ? "histogram" : "numeric",
            _status: "active",
            units: metric.units,
          });
        }
        if (kind === "http") {
          ruleSetId += 1;
          health.set(env, { bundle, check: checks[0]!, ruleSet: ruleSetId });
          world.ruleSets.push({
            _cid: `/rule_set/${ruleSetId}`,
            _host: host,
            check: checks[0],
            metric_name: "duration",
            metric_type: "numeric",
            name: `${service.name} ${env} latency`,
            notes: null,
            link: `https://runbooks.acme.example/${service.name}/latency`,
            parent: null,
            tags,
            contact_groups: { "1": ["/contact_group/1701"], "2": ["/contact_group/1701"], "3": [], "4": [], "5": [] },
            rules: [
              { criteria: "max value", severity: 1, value: "2000", wait: 5, windowing_duration: 300, windowing_function: "average" },
              { criteria: "max value", severity: 2, value: "1000", wait: 5, windowing_duration: 300, windowing_function: "average" },
            ],
          });
          world.graphs.push({
            _cid: `/graph/${bundleId.toString(16).padStart(8, "0")}-7d1c-4b2a-9e3f-${String(ruleSetId).padStart(12, "0")}`,
            title: `${service.name} ${env} latency`,
            description: null,
            notes: null,
            tags,
            datapoints: [{ check_id: checkId, metric_name: "duration", metric_type: "numeric", name: "duration" }],
          });
          // Alerts: checkout prod is on fire (sev 1 and 2), web-shop staging has a sev 3,
          // and older alerts are cleared.
          const active: [number, number][] =
            service.name === "checkout" && env === "prod" ? [[1, 3412], [2, 1412]] : service.name === "web-shop" && env === "staging" ? [[3, 1105]] : [];
          for (const [severity, value] of active) {
            world.alerts.push(alert(++alertId, bundle, checks[0]!, ruleSetId, severity, String(value), now - 1800 * severity, null, ui, secretsInData));
          }
          if (service.name === STORY_SERVICE && env === STORY_ENV) {
            // The alert the story's deploy causes: it opens 12 minutes after the deploy and clears after the rollback.
            world.alerts.push(alert(++alertId, bundle, checks[0]!, ruleSetId, 2, "1730", now - STORY.suspectAlertAgo / 1000, now - STORY.suspectAlertClearedAgo / 1000, ui, secretsInData));
          } else {
            // A short latency blip some hours ago, on every other service and env.
            const at = now - 6 * 3600 - ((slot * 7 + env.length * 13) % 90) * 60;
            world.alerts.push(alert(++alertId, bundle, checks[0]!, ruleSetId, 3, "1140", at, at + 1200, ui, secretsInData));
          }
          world.alerts.push(alert(++alertId, bundle, checks[0]!, ruleSetId, 2, "1288", now - 86400 * 2, now - 86400 * 2 + 900, ui, secretsInData));
          world.alerts.push(alert(++alertId, bundle, checks[0]!, ruleSetId, 1, "5120", now - 86400 * 45, now - 86400 * 45 + 600, ui, secretsInData));
        }
      }
    }
  }
  if (service.name === STORY_SERVICE) {
    // The older history's alerts (story.ts, HISTORY), after the others so their ids stay as they were.
    const { alertFailure, lateAlert, stagingAlert, openAtSinceAlert } = HISTORY;
    const older: [string, number, string, { alertAgo: number; alertClearedAgo: number }][] = [
      [STORY_ENV, 2, "1610", alertFailure],
      [STORY_ENV, 3, "1090", lateAlert],
      [stagingAlert.env, 3, "1175", stagingAlert],
      [STORY_ENV, 2, "1340", openAtSinceAlert],
    ];
    for (const [env, severity, value, times] of older) {
      const at = health.get(env);
      if (!at) continue;
      world.alerts.push(alert(++alertId, at.bundle, at.check, at.ruleSet, severity, value, now - times.alertAgo / 1000, now - times.alertClearedAgo / 1000, ui, secretsInData));
    }
  }
  return world;
}

function alert(
  id: number,
  bundle: { _cid: string; display_name: string; target: string; type: string; tags: string[] },
  check: string,
  ruleSet: number,
  severity: number,
  value: string,
  occurred: number,
  cleared: number | null,
  ui: string,
  secretsInData: boolean,
): Record<string, unknown> {
  return {
    _cid: `/alert/${id}`,
    _acknowledgement: severity === 2 && cleared === null ? "/acknowledgement/5521" : null,
    // The "secrets-in-data" fault: both tokens the demo holds in the alert's link and its check's name.
    _alert_url: `${ui}fault-detection/alerts/${id}${secretsInData ? `?token=${SIM_CIRCONUS_TOKEN}&circle-token=${SIM_CIRCLECI_TOKEN}` : ""}`,
    _broker: "/broker/35",
    _canonical_metric_name: "duration",
    _check: check,
    _check_module: bundle.type,
    _check_name: `${bundle.display_name}${secretsInData ? ` ${SIM_TOKENS_IN_TEXT}` : ""}`,
    _check_target: bundle.target,
    _cleared_on: cleared,
    _cleared_value: cleared === null ? null : "212",
    _maintenance: [],
    _metric_link: null,
    _metric_name: "duration",
    _metric_notes: severity === 1 ? "Page the on-call if sustained." : null,
    _occurred_on: occurred,
    _rule: { criteria: "max value", value: severity === 1 ? "2000" : "1000" },
    _rule_set: `/rule_set/${ruleSet}`,
    _severity: severity,
    _tags: bundle.tags,
    _value: value,
    comment: "",
  };
}
