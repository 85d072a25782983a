import { createCircleCI, circleciConnector, type CircleCIClient, type CircleCISettings } from "@toolweave/connector-circleci";
import { createCirconus, circonusConnector, type CirconusClient } from "@toolweave/connector-circonus";
import type { Connector, HttpHooks, Stores, VariableReport } from "@toolweave/core";
import { createEnvSecrets } from "@toolweave/secrets-env";
import type { Catalog, ServiceEntry } from "./catalog.js";
import { startSimulation, type SimFault, type Simulation } from "./simulation/sim-server.js";
import { SIM_CIRCLECI_APP_URL, SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN, SIM_TOKEN_AGE_DAYS } from "./simulation/sim-credentials.js";

export type Mode = "simulated" | "live";

export interface Providers {
  mode: Mode;
  circleci?: CircleCIClient;
  circonus?: CirconusClient;
  /** Connectors in display order (configured ones only). */
  connectors: Connector[];
  /** Providers without credentials (live mode), with what to set. */
  notConfigured: { id: string; displayName: string; variables: string[] }[];
  /** The variables each provider reads and where they came from (masked), for `doctor`. */
  variables: VariableReport[];
  simulation?: Simulation;
  /** The CircleCI client for a service: the shared one, or one with the catalog's convention overrides. */
  circleciFor(service: ServiceEntry): CircleCIClient | undefined;
  close(): Promise<void>;
}

export interface ProviderOptions {
  env: Record<string, string | undefined>;
  /** A `.env` file secrets-env reads for unset variables (real variables win). */
  dotenv?: string;
  simulated: boolean;
  catalog: Catalog;
  fault?: SimFault;
  /** The simulated clock. */
  now?: number;
  /** Most pages read of one list (`--max-pages`); the connectors' default otherwise. */
  maxPages?: number;
  hooks?: HttpHooks;
  /** Shared throttle and cache stores (`createRedisStores` from `@toolweave/redis`); in memory otherwise. */
  stores?: Stores;
  /** The app's product token in the User-Agent (`toolweave-mcp/0.1.0`). */
  userAgent?: string;
}

const DAY = 86_400_000;
// The demo keeps calls snappy: short timeouts, few retries, a modest rate per tool.
const runtime = { timeoutMs: 8_000, deadlineMs: 20_000, retry: { retries: 2, minDelayMs: 200, maxDelayMs: 2_000 } };
// The simulation is served on loopback by this process and has no rate limit of its own (apart
// from its one 429): no request rate there, so a large catalog is not slowed by the real APIs' pacing.
const simulatedRuntime = { ...runtime, deadlineMs: 120_000, throttle: { maxConcurrency: 8, requestsPerSecond: Infinity } };

/** True when no provider credential is set: the demo then runs on the simulated world. */
export function shouldSimulate(env: ProviderOptions["env"]): boolean {
  const set = (name: string) => Boolean(env[name] || env[`${name}_FILE`]);
  return !set("CIRCLECI_TOKEN") && !set("CIRCONUS_API_TOKEN");
}

/**
 * Builds the connectors: against the embedded simulation (over loopback HTTP, so the real
 * client code runs) or, with tokens set, against the real APIs through `@toolweave/secrets-env`.
 */
/** How many pipelines the demo's CircleCI client walks at most for a timeline or delivery report. */
export const DEMO_EVENTS_MAX_PIPELINES = 500;

export async function setupProviders(options: ProviderOptions): Promise<Providers> {
  // What every client gets from its caller: the hooks, --max-pages, shared stores, the User-Agent.
  const extra = {
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.stores ? { stores: options.stores } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  };
  // `delivery` reads a month of pipelines (and 14 days of reruns before it): past the
  // connector's default of 100 for a busy project. The walk stops at the window's cut-off, so a
  // higher bound costs nothing where fewer pipelines are enough.
  const circleciWalk = { eventsMaxPipelines: DEMO_EVENTS_MAX_PIPELINES };
  if (options.simulated) {
    const now = options.now ?? Date.now();
    const simulation = await startSimulation({ services: options.catalog.services, now, ...(options.fault ? { fault: options.fault } : {}) });
    const circleciSettings: CircleCISettings = {
      token: SIM_CIRCLECI_TOKEN,
      baseUrl: simulation.circleciBaseUrl,
      appUrl: SIM_CIRCLECI_APP_URL,
      tokenCreatedAt: new Date(now - SIM_TOKEN_AGE_DAYS.circleci * DAY),
      tokenExpiresAt: new Date(now + (365 - SIM_TOKEN_AGE_DAYS.circleci) * DAY),
      ...circleciWalk,
      ...simulatedRuntime,
      ...extra,
    };
    const circleci = createCircleCI(circleciSettings);
    const circonus = createCirconus({
      token: SIM_CIRCONUS_TOKEN,
      appName: SIM_CIRCONUS_APP,
      baseUrl: simulation.circonusBaseUrl,
      tokenKind: "account",
      // Declared as created in the simulated account; a read-only token with the "circonus-read-only" fault.
      privilege: options.fault === "circonus-read-only" ? "read-only" : "normal",
      tokenCreatedAt: new Date(now - SIM_TOKEN_AGE_DAYS.circonus * DAY),
      ...simulatedRuntime,
      ...extra,
    });
    return {
      mode: "simulated",
      circleci,
      circonus,
      connectors: [circleci, circonus],
      notConfigured: [],
      variables: [],
      simulation,
      circleciFor: withOverrides(circleci, (conventions) => createCircleCI({ ...circleciSettings, conventions })),
      close: () => simulation.close(),
    };
  }

  const secrets = createEnvSecrets({ env: options.env, ...(options.dotenv ? { dotenv: options.dotenv } : {}) });
  const variables = secrets.describe([circleciConnector, circonusConnector]);
  // A provider with any of its variables set is meant to be used: resolve it, so a missing
  // companion (e.g. CIRCONUS_API_APP) is reported instead of silently skipping the tool.
  const touched = new Set(variables.filter((v) => v.set).map((v) => v.connectorId));
  const descriptors = [circleciConnector, circonusConnector].filter((d) => touched.has(d.id));
  // One ConfigurationError listing every missing or invalid variable of both tools, if any (exit 2);
  // then each tool through secrets-env's typed connect() (no casts; it fills in tokenSource).
  secrets.resolve(descriptors);
  const result: Providers = {
    mode: "live",
    connectors: [],
    notConfigured: [circleciConnector, circonusConnector]
      .filter((d) => !descriptors.includes(d))
      .map((d) => ({ id: d.id, displayName: d.displayName, variables: d.env.filter((v) => v.required).map((v) => v.name) })),
    variables,
    circleciFor: () => result.circleci,
    close: async () => {},
  };
  if (touched.has(circleciConnector.id)) {
    const circleci = secrets.connect(circleciConnector, { ...runtime, ...extra, ...circleciWalk });
    result.circleci = circleci;
    result.circleciFor = withOverrides(circleci, (conventions) => secrets.connect(circleciConnector, { ...runtime, ...extra, ...circleciWalk, conventions }));
    result.connectors.push(circleci);
  }
  if (touched.has(circonusConnector.id)) {
    result.circonus = secrets.connect(circonusConnector, { ...runtime, ...extra });
    result.connectors.push(result.circonus);
  }
  return result;
}

type Conventions = NonNullable<NonNullable<ServiceEntry["conventions"]>["circleci"]>;

/** Clients with a service's convention overrides from the catalog, made once per service. */
function withOverrides(base: CircleCIClient, create: (conventions: Conventions) => CircleCIClient): (service: ServiceEntry) => CircleCIClient {
  const clients = new Map<string, CircleCIClient>();
  return (service) => {
    const overrides = service.conventions?.circleci;
    if (!overrides || Object.keys(overrides).length === 0) return base;
    let client = clients.get(service.name);
    if (!client) {
      client = create({ ...overrides });
      clients.set(service.name, client);
    }
    return client;
  };
}
