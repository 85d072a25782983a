import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseEnv } from "node:util";
import type { HttpHooks, Stores } from "@toolweave/core";
import { loadCatalogFile, SIMULATED_CATALOG, type Catalog } from "./catalog.js";
import { UsageError } from "./exit-codes.js";
import type { Mode, Providers } from "./providers.js";
import { setupProviders, shouldSimulate } from "./providers.js";
import { SIM_FAULTS, type SimFault } from "./simulation/sim-server.js";

// What a run of the demo's commands works against, read once from the environment: the .env
// file, real or simulated tools, the catalog, the simulation's fault and clock, and the
// connectors (set up on first use). The CLI (main.ts) and the MCP server (@toolweave/mcp) both
// open one, so the two read the same variables the same way.

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** The process environment (real variables win over ./.env). */
  env: Record<string, string | undefined>;
  /** Where ./.env and a relative catalog path are read from. */
  cwd: string;
  /** The environment already read with {@link readEnvironment} (else it is read here). */
  environment?: Environment;
  /** `--catalog <file>`; default `$TOOLWEAVE_CATALOG`, or the simulated catalog with simulated tools. */
  catalogFile?: string | undefined;
  /** `--simulated`: the simulated tools even when tokens are set. */
  simulated?: boolean;
  /** `--max-pages`. */
  maxPages?: number | undefined;
  /** Shared throttle and cache stores for every client (`createRedisStores` from `@toolweave/redis`). */
  stores?: Stores;
  /** The app's product token in the User-Agent. */
  userAgent?: string;
}

/** What a command runs against. */
export interface Session {
  /** The environment with ./.env filled in (real variables win). */
  env: Record<string, string | undefined>;
  /** The ./.env file read, if any. */
  dotenvPath?: string;
  /** Where ./.env and a relative catalog path were read from. */
  cwd: string;
  simulated: boolean;
  mode: Mode;
  /** The given catalog, or the simulated one with simulated tools; undefined with real tools and none given. */
  catalog: Catalog | undefined;
  /** The simulated tools' settings (`TOOLWEAVE_SIM_FAULT`, `TOOLWEAVE_SIM_NOW`). */
  simulation: { fault?: SimFault; now?: number };
  /** The instant answers are for: `TOOLWEAVE_SIM_NOW`, or now. */
  clock(): number;
  /** The connectors, set up on the first call (with the hooks of that call); shared after. */
  providers(hooks?: HttpHooks): Promise<Providers>;
  /** The connectors set up so far, if any. */
  readonly opened: Providers | undefined;
  /** Closes the connectors (and the simulation) if they were set up. */
  close(): Promise<void>;
}

/** The variables set to something: a `.env` value fills what is unset or empty. */
const setOnly = (env: Record<string, string | undefined>) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));

/** The environment a run reads: the process's, with ./.env filling in what is unset. */
export interface Environment {
  /** The variables, ./.env's filling in what the process leaves unset or empty. */
  env: Record<string, string | undefined>;
  /** The process's own variables (secrets-env reads ./.env itself, to say which came from it). */
  realEnv: Record<string, string | undefined>;
  /** The ./.env file read, if any. */
  dotenvPath?: string;
}

/** The process environment with the directory's `.env` (parsed with Node's `util.parseEnv`) filling in unset variables. */
export function readEnvironment(env: Record<string, string | undefined>, cwd: string): Environment {
  const path = join(cwd, ".env");
  if (!existsSync(path)) return { env, realEnv: env };
  const values = parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  return { env: { ...values, ...setOnly(env) }, realEnv: env, dotenvPath: path };
}

/** `TOOLWEAVE_SIM_FAULT`, checked. */
export function simulationFault(env: Record<string, string | undefined>): SimFault | undefined {
  const value = env.TOOLWEAVE_SIM_FAULT;
  if (!value) return undefined;
  if (!(SIM_FAULTS as readonly string[]).includes(value)) {
    throw new UsageError(`TOOLWEAVE_SIM_FAULT must be one of ${SIM_FAULTS.join(", ")} (got "${value}").`);
  }
  return value as SimFault;
}

/** `TOOLWEAVE_SIM_NOW`, checked. */
export function simulationNow(env: Record<string, string | undefined>): number | undefined {
  const value = env.TOOLWEAVE_SIM_NOW;
  if (!value) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`TOOLWEAVE_SIM_NOW must be an ISO date-time (got "${value}").`);
  return t;
}

function loadCatalog(file: string | undefined, env: Record<string, string | undefined>, cwd: string, simulated: boolean): Catalog | undefined {
  if (file !== undefined && file.trim() === "") {
    throw new UsageError("--catalog needs a file path (got an empty one). Pass --catalog <file>, or leave --catalog out to use TOOLWEAVE_CATALOG or the simulated catalog.");
  }
  const path = file ?? (env.TOOLWEAVE_CATALOG || undefined);
  if (path) return loadCatalogFile(resolve(cwd, path));
  return simulated ? SIMULATED_CATALOG : undefined;
}

/**
 * Reads the environment (and ./.env) once: throws a `UsageError`, `CatalogError` or
 * `ConfigurationError` naming the fix for a bad variable or catalog, before anything is set up.
 */
export function openSession(options: SessionOptions): Session {
  const { env, realEnv, dotenvPath } = options.environment ?? readEnvironment(options.env, options.cwd);
  const simulated = options.simulated === true || shouldSimulate(env);
  const catalog = loadCatalog(options.catalogFile, env, options.cwd, simulated);
  const fault = simulationFault(env);
  const simNow = simulationNow(env);
  const simulation = { ...(fault ? { fault } : {}), ...(simNow === undefined ? {} : { now: simNow }) };
  let setup: Promise<Providers> | undefined;
  let opened: Providers | undefined;
  return {
    env,
    ...(dotenvPath ? { dotenvPath } : {}),
    cwd: options.cwd,
    simulated,
    mode: simulated ? "simulated" : "live",
    catalog,
    simulation,
    clock: () => simNow ?? Date.now(),
    get opened() {
      return opened;
    },
    providers: (hooks) =>
      (setup ??= setupProviders({
        // secrets-env reads ./.env itself (and says which variable came from it).
        env: realEnv,
        ...(dotenvPath ? { dotenv: dotenvPath } : {}),
        simulated,
        catalog: catalog ?? SIMULATED_CATALOG,
        ...(fault ? { fault } : {}),
        ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
        ...(options.stores ? { stores: options.stores } : {}),
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        now: simNow ?? Date.now(),
        ...(hooks ? { hooks } : {}),
      }).then((providers) => (opened = providers))),
    close: async () => {
      const pending = setup;
      setup = undefined;
      opened = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}
