import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, parseEnv } from "node:util";
import { ConfigurationError, InvalidInputError, ToolweaveError } from "@toolweave/core";
import { CatalogError, findService, loadCatalogFile, SIMULATED_CATALOG, type Catalog, type ServiceEntry } from "./catalog.js";
import { runAudit } from "./commands/audit.js";
import { identityProbe, runDoctor } from "./commands/doctor.js";
import { runServe } from "./commands/serve.js";
import { runServices } from "./commands/services.js";
import { incompleteParts, runStatus } from "./commands/status.js";
import { renderTimeline, runTimeline, timelineWindow } from "./commands/timeline.js";
import { annotateExitCode, renderAnnotate, runAnnotate } from "./commands/annotate.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { jsonShape, writeJson } from "./json-shape.js";
import { createPainter, startProgress, type Io } from "./io.js";
import { redactingStream } from "./redact-output.js";
import { setupProviders, shouldSimulate, type Providers } from "./providers.js";
import { renderAudit, renderDoctor, renderServices, renderStatus } from "./render.js";
import { SIM_FAULTS, startSimulation, type SimFault } from "./simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "./simulation/sim-credentials.js";
import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
/** Version of the `--json` output shape; bumped only on a breaking change. */
export const JSON_SCHEMA_VERSION = 2;

export const USAGE = `toolweave-demo ${VERSION} — one service across CircleCI and Circonus

Usage: toolweave-demo <command> [options]
       npx -y pnpm@10.34.9 demo <command> [options]   (from the repository root)

Commands:
  status <service> [--env <env>]   CI and monitoring side by side for one service
  timeline <service> [--env <env>] [--since 24h] [--until <when>] [--window 60m]
                                   Deploys, alerts and annotations on one timeline, each alert
                                   with the deploys just before it to the same env (suspects)
  annotate <service> --env <env> [--since 7d] [--apply]
                                   Publish the service's CircleCI deploys as Circonus annotations
                                   (dry run unless --apply; a second run creates nothing)
  doctor                           What each credential is, whether it works, what to fix
  audit [--service <service>]      Naming-convention findings across tools, by service
  services                         The service catalog and where each tool looks
  simulate [--port <port>]         Serve the simulated CircleCI and Circonus APIs and print the
                                   shell lines (URLs, tokens, catalog) to use them (Ctrl-C stops)
  serve [--port <port>] [--host <addr>]
                                   A local web page per service: its deploys and alerts on one
                                   timeline with suspect deploys, latest pipeline, active alerts
                                   (default http://127.0.0.1:4020/; Ctrl-C stops)

Options:
  --since, --until    Timeline window: a duration back from now (90m, 24h, 7d) or an ISO date-time
  --window <dur>      How long before an alert a deploy is a suspect (default 60m)
  --apply             annotate: write the annotations (without it, show what would be written)
  --json              Machine-readable output (stable shape, schemaVersion ${JSON_SCHEMA_VERSION})
  --catalog <file>    Service catalog (JSON); default $TOOLWEAVE_CATALOG, or the simulated one
  --simulated         Use the built-in simulated tools even when tokens are set
  -h, --help          Show this help
  -v, --version       Show the version

With no CIRCLECI_TOKEN or CIRCONUS_API_TOKEN set, every command runs against the simulated
tools and says so. Exit codes: 0 ok, 1 a provider failed or audit found problems,
2 usage or configuration error, 3 incomplete (a lookup failed; what is missing is printed),
4 annotate --apply stopped part way (what was written, with ids, and the error are printed).
`;

export interface MainIo extends Io {
  signal?: AbortSignal;
  /** Set internally when ./.env was read: its path, and the environment without it. */
  dotenvPath?: string;
  realEnv?: Io["env"];
}

const definedOnly = (env: Io["env"]) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));

/** The current directory's `.env`, parsed with Node's `util.parseEnv`; undefined when there is none. */
function readDotenv(cwd: string): { path: string; values: Record<string, string> } | undefined {
  const path = join(cwd, ".env");
  if (!existsSync(path)) return undefined;
  return { path, values: parseEnv(readFileSync(path, "utf8")) as Record<string, string> };
}

interface Parsed {
  command: string | undefined;
  positionals: string[];
  json: boolean;
  catalog: string | undefined;
  simulated: boolean;
  env: string | undefined;
  service: string | undefined;
  since: string | undefined;
  until: string | undefined;
  window: string | undefined;
  apply: boolean;
  port: number | undefined;
  host: string | undefined;
  help: boolean;
  version: boolean;
}

function parse(argv: string[]): Parsed {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        catalog: { type: "string" },
        simulated: { type: "boolean" },
        env: { type: "string" },
        service: { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        window: { type: "string" },
        apply: { type: "boolean" },
        port: { type: "string" },
        host: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, ".")} Run with --help to see the options.`);
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${values.port}").`);
  }
  const [command, ...rest] = positionals;
  return {
    command,
    positionals: rest,
    json: values.json ?? false,
    catalog: values.catalog,
    simulated: values.simulated ?? false,
    env: values.env?.trim().toLowerCase(),
    service: values.service?.trim().toLowerCase(),
    since: values.since,
    until: values.until,
    window: values.window,
    apply: values.apply ?? false,
    port,
    host: values.host?.trim(),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/**
 * The catalog service named by the first positional argument (trimmed, lower-cased), checked
 * against `--env` when one is given: the same usage and input errors for every per-service command.
 */
function serviceArgument(catalog: Catalog, args: Parsed, usage: string): ServiceEntry {
  const name = args.positionals[0]?.trim().toLowerCase();
  if (!name) throw new UsageError(`${usage} Run \`services\` to list them.`);
  const service = findService(catalog, name);
  if (args.env && !service.envs.includes(args.env)) {
    throw new InvalidInputError(`Service "${name}" has no environment "${args.env}".`, { fix: `Use one of: ${service.envs.join(", ")}.` });
  }
  return service;
}

function loadCatalog(args: Parsed, io: Io, simulated: boolean): Catalog | undefined {
  if (args.catalog !== undefined && args.catalog.trim() === "") {
    throw new UsageError('--catalog needs a file path (got an empty one). Pass --catalog <file>, or leave --catalog out to use TOOLWEAVE_CATALOG or the simulated catalog.');
  }
  const file = args.catalog ?? (io.env.TOOLWEAVE_CATALOG || undefined);
  if (file) return loadCatalogFile(resolve(io.cwd, file));
  return simulated ? SIMULATED_CATALOG : undefined;
}

function simulationFault(io: Io): SimFault | undefined {
  const value = io.env.TOOLWEAVE_SIM_FAULT;
  if (!value) return undefined;
  if (!(SIM_FAULTS as readonly string[]).includes(value)) {
    throw new UsageError(`TOOLWEAVE_SIM_FAULT must be one of ${SIM_FAULTS.join(", ")} (got "${value}").`);
  }
  return value as SimFault;
}

function simulationNow(io: Io): number | undefined {
  const value = io.env.TOOLWEAVE_SIM_NOW;
  if (!value) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`TOOLWEAVE_SIM_NOW must be an ISO date-time (got "${value}").`);
  return t;
}

const COMMANDS = ["status", "doctor", "audit", "services", "simulate", "serve", "timeline", "annotate"] as const;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], given: MainIo): Promise<number> {
  // The text channel: every line printed (stdout and stderr) passes through the one redaction,
  // as a tool's data can carry a secret this process holds. The JSON channel is writeJson, which
  // redacts its data; `simulate` writes to `given`, since it prints the simulated tokens on purpose.
  let io: MainIo = { ...given, stdout: redactingStream(given.stdout), stderr: redactingStream(given.stderr) };
  const out = createPainter(io.stdout, io.env);
  const err = createPainter(io.stderr, io.env);
  let args: Parsed | undefined;
  let providers: Providers | undefined;
  const emitJson = (value: Record<string, unknown>) => writeJson((text) => given.stdout.write(text), jsonShape({ schemaVersion: JSON_SCHEMA_VERSION, ...value }) as Record<string, unknown>);
  try {
    args = parse(argv);
    // ./.env fills in variables that are not set (real ones always win), as secrets-env reads it.
    const dotenv = readDotenv(io.cwd);
    if (dotenv) io = { ...io, env: { ...dotenv.values, ...definedOnly(io.env) }, dotenvPath: dotenv.path, realEnv: io.env };
    if (args.version) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (args.help || args.command === "help") {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (!args.command) throw new UsageError("No command given. Run with --help to see the commands.");
    if (!(COMMANDS as readonly string[]).includes(args.command)) {
      throw new UsageError(`Unknown command "${args.command}". Commands: ${COMMANDS.join(", ")}. Run with --help for details.`);
    }
    const command = args.command as (typeof COMMANDS)[number];
    const maxPositionals = command === "status" || command === "timeline" || command === "annotate" ? 1 : 0;
    if (args.positionals.length > maxPositionals) throw new UsageError(`Unexpected argument "${args.positionals[maxPositionals]}" for ${command}.`);
    if (args.env !== undefined && command !== "status" && command !== "timeline" && command !== "annotate") throw new UsageError("--env applies to the status, timeline and annotate commands only.");
    if ((args.until !== undefined || args.window !== undefined) && command !== "timeline") throw new UsageError("--until and --window apply to the timeline command only.");
    if (args.since !== undefined && command !== "timeline" && command !== "annotate") throw new UsageError("--since applies to the timeline and annotate commands only.");
    if (args.apply && command !== "annotate") throw new UsageError("--apply applies to the annotate command only.");
    if (args.service !== undefined && command !== "audit") throw new UsageError("--service applies to the audit command only (status takes the service as an argument).");
    if (args.port !== undefined && command !== "simulate" && command !== "serve") throw new UsageError("--port applies to the simulate and serve commands only.");
    if (args.host !== undefined && command !== "serve") throw new UsageError("--host applies to the serve command only.");
    if (args.host !== undefined && !args.host) throw new UsageError("--host needs an address, e.g. --host 127.0.0.1.");
    if (args.json && command === "serve") throw new UsageError("serve has no --json output; its JSON is at /api/services on the served page.");

    const simulated = args.simulated || command === "simulate" || shouldSimulate(io.env);
    const catalog = loadCatalog(args, io, simulated);
    const fault = simulationFault(io);
    const simNow = simulationNow(io);

    if (command === "simulate") return await simulate({ ...io, stdout: given.stdout }, catalog ?? SIMULATED_CATALOG, args.port, fault, simNow);

    if (!catalog && command !== "doctor") {
      throw new ConfigurationError(`The ${command} command needs a service catalog when real tools are used.`, {
        fix: "Pass --catalog <file> or set TOOLWEAVE_CATALOG (format: see apps/demo/README.md), or add --simulated.",
      });
    }
    const now = simNow ?? Date.now();
    // doctor watches the identity calls: a 404 there means a wrong base URL, not a missing object.
    const probe = command === "doctor" ? identityProbe() : undefined;
    providers = await setupProviders({
      env: io.realEnv ?? io.env,
      ...(io.dotenvPath ? { dotenv: io.dotenvPath } : {}),
      simulated,
      catalog: catalog ?? SIMULATED_CATALOG,
      ...(fault ? { fault } : {}),
      now,
      ...(probe ? { hooks: probe.hooks } : {}),
    });
    const mode = providers.mode;
    if (command === "serve") {
      return await runServe(io, providers, catalog!, { host: args.host, port: args.port, now: () => simNow ?? Date.now(), schemaVersion: JSON_SCHEMA_VERSION, ...(io.signal ? { signal: io.signal } : {}) });
    }
    const progress = args.json ? { stop() {} } : startProgress(io, `querying ${providers.connectors.map((c) => c.displayName).join(" and ")}…`);
    try {
      switch (command) {
        case "status": {
          const service = serviceArgument(catalog!, args, "status needs a service name: toolweave-demo status <service>.");
          const results = await runStatus(providers, service, args.env, io.signal);
          progress.stop();
          const incomplete = incompleteParts(results);
          if (args.json) {
            emitJson({
              command,
              mode,
              generatedAt: new Date(now).toISOString(),
              service,
              env: args.env ?? null,
              complete: results.every((r) => r.ok) && incomplete.length === 0,
              incomplete: incomplete.map(({ connectorId, part }) => ({ provider: connectorId, ...part })),
              providers: [
                ...results.map((r) =>
                  r.ok
                    ? { id: r.connectorId, displayName: r.displayName, configured: true, ok: true, incomplete: r.value.incomplete, data: r.value }
                    : { id: r.connectorId, displayName: r.displayName, configured: true, ok: false, error: r.error.toJSON() },
                ),
                ...providers.notConfigured.map((m) => ({ id: m.id, displayName: m.displayName, configured: false, ok: false, missing: m.variables })),
              ],
            });
          } else {
            io.stdout.write(renderStatus(mode, service, args.env, results, providers.notConfigured, now, out));
          }
          return !results.every((r) => r.ok) ? EXIT.problems : incomplete.length ? EXIT.incomplete : EXIT.ok;
        }
        case "timeline": {
          const service = serviceArgument(catalog!, args, "timeline needs a service name: toolweave-demo timeline <service>.");
          const window = timelineWindow(args, now);
          const timeline = await runTimeline(providers, service, args.env, window, io.signal);
          progress.stop();
          if (args.json) {
            emitJson({
              command,
              mode,
              generatedAt: new Date(now).toISOString(),
              service,
              env: args.env ?? null,
              ...timeline,
              notConfigured: providers.notConfigured.map((m) => ({ id: m.id, displayName: m.displayName, missing: m.variables })),
            });
          } else {
            io.stdout.write(renderTimeline(mode, service, args.env, timeline, providers.notConfigured, out));
          }
          return timeline.complete ? EXIT.ok : EXIT.incomplete;
        }
        case "annotate": {
          const service = serviceArgument(catalog!, args, "annotate needs a service name and an env: toolweave-demo annotate <service> --env <env>.");
          if (!args.env) throw new UsageError(`annotate needs --env: annotations are per environment (for ${service.name}: ${service.envs.join(", ")}).`);
          const window = timelineWindow({ since: args.since ?? "7d" }, now);
          const report = await runAnnotate(providers, service, args.env, { since: window.since, until: window.until, apply: args.apply, ...(io.signal ? { signal: io.signal } : {}) });
          progress.stop();
          if (args.json) emitJson({ command, mode, generatedAt: new Date(now).toISOString(), service: service.name, env: args.env, ...report, complete: report.incomplete.length === 0 && !report.error });
          else io.stdout.write(renderAnnotate(mode, service, args.env, report, out));
          return annotateExitCode(report);
        }
        case "doctor": {
          const entries = await runDoctor(providers, new Date(now), io.signal, probe);
          progress.stop();
          if (args.json) emitJson({ command, mode, generatedAt: new Date(now).toISOString(), providers: entries });
          else io.stdout.write(renderDoctor(mode, entries, out));
          return entries.every((e) => !e.configured || e.verify?.ok === true) ? EXIT.ok : EXIT.problems;
        }
        case "audit": {
          const services = args.service ? [findService(catalog!, args.service)] : catalog!.services;
          const results = await runAudit(providers, services, args.service, io.signal);
          progress.stop();
          const findings = results.flatMap((r) => (r.ok ? r.value.findings : []));
          const incomplete = results.flatMap((r) => (r.ok ? r.value.incomplete.map((part) => ({ provider: r.connectorId, ...part })) : []));
          if (args.json) {
            emitJson({
              command,
              mode,
              generatedAt: new Date(now).toISOString(),
              service: args.service ?? null,
              complete: results.every((r) => r.ok) && incomplete.length === 0,
              findings,
              incomplete,
              providers: results.map((r) =>
                r.ok ? { id: r.connectorId, ok: true, findings: r.value.findings.length, incomplete: r.value.incomplete } : { id: r.connectorId, ok: false, error: r.error.toJSON() },
              ),
            });
          } else {
            io.stdout.write(`${renderAudit(mode, results, out)}\n`);
          }
          // Findings and failures are problems (1); with none, a partial audit is still not a clean one (3).
          if (findings.length > 0 || !results.every((r) => r.ok)) return EXIT.problems;
          return incomplete.length ? EXIT.incomplete : EXIT.ok;
        }
        case "services": {
          const rows = runServices(providers, catalog!);
          progress.stop();
          if (args.json) emitJson({ command, mode, catalog: catalog!.source, services: rows });
          else io.stdout.write(renderServices(mode, catalog!.source, rows, out));
          return EXIT.ok;
        }
      }
    } finally {
      progress.stop();
    }
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, args, io, err, emitJson);
  } finally {
    await providers?.close();
  }
}

function reportFailure(error: unknown, args: Parsed | undefined, io: Io, p: ReturnType<typeof createPainter>, emitJson: (v: Record<string, unknown>) => void): number {
  const usage = error instanceof UsageError || error instanceof CatalogError || ConfigurationError.isInstance(error) || InvalidInputError.isInstance(error);
  const code = usage ? EXIT.usage : EXIT.problems;
  const payload =
    ToolweaveError.isInstance(error)
      ? error.toJSON()
      : error instanceof CatalogError
        ? { name: error.name, message: error.message, problems: error.problems }
        : { name: (error as Error)?.name ?? "Error", message: (error as Error)?.message ?? String(error) };
  if (args?.json) {
    emitJson({ command: args.command ?? null, ok: false, error: payload });
  } else {
    if (ConfigurationError.isInstance(error) && error.problems.length) {
      // The message already lists the problems; print its headline once, then each problem with its fix.
      io.stderr.write(`${p.paint("red", "error:")} ${String(payload.message).split("\n")[0]}\n`);
      for (const problem of error.problems) io.stderr.write(`  - ${problem.name}: ${problem.problem}\n    fix: ${problem.fix}\n`);
    } else {
      io.stderr.write(`${p.paint("red", "error:")} ${String(payload.message)}\n`);
    }
  }
  return code;
}

/** Quotes a value for a POSIX shell (`export NAME='value'`). */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The port `simulate` serves on when none is given. */
const DEFAULT_SIM_PORT = 4010;

async function simulate(io: MainIo, catalog: Catalog, port: number | undefined, fault: SimFault | undefined, now: number | undefined): Promise<number> {
  const start = (p: number) => startSimulation({ services: catalog.services, port: p, ...(fault ? { fault } : {}), ...(now ? { now } : {}) });
  let simulation;
  let note = "";
  try {
    simulation = await start(port ?? DEFAULT_SIM_PORT);
  } catch (error) {
    // The default port taken (another simulate, another app): any free port does, since the
    // printed lines carry it. A port the user chose is an error.
    if (port !== undefined || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") {
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UsageError(`Port ${port} is in use. Pass another --port, or --port 0 for any free one.`);
      throw error;
    }
    simulation = await start(0);
    note = `# (port ${DEFAULT_SIM_PORT} is in use, so a free port was taken)\n`;
  }
  // The demo needs a catalog once tokens are set: write the simulated one next to nothing else,
  // so the printed lines are all a shell needs.
  const dir = mkdtempSync(join(tmpdir(), "toolweave-demo-sim-"));
  const catalogFile = join(dir, "catalog.json");
  writeFileSync(catalogFile, `${JSON.stringify({ services: catalog.services }, null, 2)}\n`);
  io.stdout.write(
    [
      `${note}# Simulated CircleCI and Circonus on ${simulation.url} (data is simulated; Ctrl-C stops).`,
      "# Paste these lines into another shell, then run the demo there (e.g. `status checkout`):",
      `export CIRCLECI_BASE_URL=${shellQuote(simulation.circleciBaseUrl)}`,
      `export CIRCLECI_TOKEN=${shellQuote(SIM_CIRCLECI_TOKEN)}   # simulated token, opens nothing real`,
      `export CIRCONUS_API_URL=${shellQuote(simulation.circonusBaseUrl)}`,
      `export CIRCONUS_API_TOKEN=${shellQuote(SIM_CIRCONUS_TOKEN)}   # simulated token, opens nothing real`,
      `export CIRCONUS_API_APP=${shellQuote(SIM_CIRCONUS_APP)}`,
      `export TOOLWEAVE_CATALOG=${shellQuote(catalogFile)}   # the simulated catalog (removed when this stops)`,
      "",
    ].join("\n"),
  );
  try {
    await new Promise<void>((resolveWait) => {
      if (!io.signal) return;
      if (io.signal.aborted) return resolveWait();
      io.signal.addEventListener("abort", () => resolveWait(), { once: true });
    });
  } finally {
    await simulation.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return EXIT.ok;
}
