import { InvalidInputError, type HttpHooks } from "@toolweave/core";
import type { z } from "zod";
import { findService, type Catalog, type ServiceEntry } from "./catalog.js";
import { UsageError } from "./exit-codes.js";
import type { Io, Painter } from "./io.js";
import type { Mode, Providers } from "./providers.js";
import type { SimFault } from "./simulation/sim-server.js";

// What every command of the demo is: one entry of the table in commands/index.ts. main.ts
// reads the table for the usage text, the options it parses, which option goes with which
// command, the dispatch and the `--json` envelope; nothing about a command lives there.

/** Version of the `--json` output shape; bumped only on a breaking change. */
export const JSON_SCHEMA_VERSION = 2;

/** Every option of the CLI, in the order the usage text lists them. */
export const FLAGS = {
  env: { type: "string", value: "<env>", parse: (raw: string) => raw.trim().toLowerCase() },
  service: { type: "string", value: "<service>", parse: (raw: string) => raw.trim().toLowerCase(), hint: " (status takes the service as an argument)" },
  since: { type: "string", value: "<when>", label: "--since, --until", help: "Timeline window: a duration back from now (90m, 24h, 7d) or an ISO date-time" },
  until: { type: "string", value: "<when>" },
  window: { type: "string", value: "<dur>", label: "--window <dur>", help: "How long before an alert a deploy is a suspect (default 60m)" },
  apply: { type: "boolean", label: "--apply", help: "annotate: write the annotations (without it, show what would be written)" },
  port: { type: "string", value: "<port>", parse: parsePort },
  host: { type: "string", value: "<addr>", parse: (raw: string) => raw.trim(), check: checkHost },
  "max-pages": {
    type: "string",
    value: "<n>",
    global: true,
    label: "--max-pages <n>",
    help: "Most pages read of one list (default 1000); a longer list is incomplete",
    parse: parseMaxPages,
  },
  json: { type: "boolean", global: true, label: "--json", help: `Machine-readable output (stable shape, schemaVersion ${JSON_SCHEMA_VERSION})` },
  catalog: { type: "string", global: true, label: "--catalog <file>", help: "Service catalog (JSON); default $TOOLWEAVE_CATALOG, or the simulated one" },
  simulated: { type: "boolean", global: true, label: "--simulated", help: "Use the built-in simulated tools even when tokens are set" },
  help: { type: "boolean", short: "h", global: true, label: "-h, --help", help: "Show this help" },
  version: { type: "boolean", short: "v", global: true, label: "-v, --version", help: "Show the version" },
} as const satisfies Record<string, FlagSpec>;

/** One option: how `util.parseArgs` reads it, and how the usage text shows it. */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** Accepted by every command; otherwise only by the commands that list it in their `flags`. */
  global?: boolean;
  /** The value's placeholder in a command's synopsis (`<env>`). */
  value?: string;
  /** A line under "Options:" (label, text); an option without one is shown in its commands' synopses only. */
  label?: string;
  help?: string;
  /** Added to "--x applies to the … command only" (before its full stop). */
  hint?: string;
  /** The value as the commands get it; throws a `UsageError` for a bad one (checked for any command). */
  parse?(raw: string): unknown;
  /** A check made once the option is known to apply to the command. */
  check?(value: never): void;
}

export type FlagName = keyof typeof FLAGS;
/** The options a command takes besides the global ones. */
export type CommandFlagName = { [K in FlagName]: (typeof FLAGS)[K] extends { global: true } ? never : K }[FlagName];

type FlagValue<F> = F extends { type: "boolean" } ? boolean : F extends { parse(raw: string): infer T } ? T | undefined : string | undefined;

/** The parsed command line. */
export type Args = { -readonly [K in FlagName]: FlagValue<(typeof FLAGS)[K]> } & {
  command: string | undefined;
  /** The arguments after the command name. */
  positionals: string[];
};

/** How a command shows one of its options in its synopsis. */
export interface FlagUse {
  /** Shown without brackets (`--env <env>`); the command checks it is there, with its own message. */
  required?: boolean;
  /** Shown as the placeholder (`[--since 24h]`). */
  default?: string;
}

/** What `run`, `render` and `envelope` are given. */
export interface CommandContext {
  args: Args;
  /** stdout and stderr pass through the redaction (a tool's data can carry a secret this process holds). */
  io: Io;
  signal?: AbortSignal;
  /** stdout's painter (colours only on a TTY, never with NO_COLOR). */
  out: Painter;
  mode: Mode;
  /** The instant the command answers for (`TOOLWEAVE_SIM_NOW`, or now). */
  now: number;
  /** The clock, for a command that runs on (serve). */
  clock: () => number;
  /** The service catalog: the given one, else the simulated one (with real tools, only a command that `worksWithoutCatalog` runs without one). */
  catalog: Catalog;
  /** The simulated tools' settings (`TOOLWEAVE_SIM_FAULT`, `TOOLWEAVE_SIM_NOW`). */
  simulation: { fault?: SimFault; now?: number };
  /**
   * The connectors, set up on the first call (closed by main.ts when the command ends); while
   * the command works, a command with an `output` shows a spinner on a TTY.
   */
  providers(hooks?: HttpHooks): Promise<Providers>;
}

/**
 * What `run` returns for a server (serve, simulate): main.ts prints it, waits for the signal
 * (Ctrl-C), then calls `stop`.
 */
export interface Running {
  stop(): Promise<void>;
}

/**
 * The `--json` body of a command: its output schema's input, without the `schemaVersion`
 * main.ts adds. A loose object's index signature is left out: the interfaces the answers are
 * made of (core's `IncompletePart`, `Locator`, …) have none, and their named fields are what is checked.
 */
export type JsonBody<S extends z.ZodType> = Known<Omit<z.input<S>, "schemaVersion">>;

type Known<T> = T extends readonly (infer U)[] ? Known<U>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Known<T[K]> } : T;

/**
 * One command. `output` is the zod schema of its `--json` answer; `envelope` builds that answer
 * and is typed against it, so an envelope that does not match the schema does not compile
 * (output-schemas.test.ts checks real answers against the schema as well).
 */
export interface Command<R = unknown, S extends z.ZodType | undefined = z.ZodType | undefined> {
  name: string;
  /** One line of the usage text (wrapped there). */
  summary: string;
  /** Placeholders of its arguments (`<service>`): it takes at most that many. */
  positionals: readonly string[];
  flags: Partial<Record<CommandFlagName, FlagUse>>;
  /** Runs on real tools without a catalog (doctor); any other command needs one with real tools. */
  worksWithoutCatalog?: boolean;
  /** Always on the simulated tools (simulate). */
  simulatedOnly?: boolean;
  /** Prints without the redaction: simulate prints the simulated tokens on purpose. */
  unredacted?: boolean;
  output: S;
  /** Checks made before anything is set up (a usage error, exit 2). */
  check?(args: Args): void;
  run(ctx: CommandContext): Promise<R>;
  /** The answer as text (stdout). */
  render(result: R, ctx: CommandContext): string;
  envelope: S extends z.ZodType ? (result: R, ctx: CommandContext) => JsonBody<S> : undefined;
  exitCode(result: R): number;
}

/** A command of the table; its result and envelope types are checked where it is defined. */
export type AnyCommand = Omit<Command<unknown, z.ZodType | undefined>, "envelope"> & {
  envelope: ((result: unknown, ctx: CommandContext) => object) | undefined;
};

/** Defines a command, checking its envelope against its output schema. */
export function defineCommand<R, S extends z.ZodType | undefined>(command: Command<R, S>): AnyCommand {
  return command as unknown as AnyCommand;
}

/** The fields a dated `--json` answer starts with (main.ts adds `schemaVersion`). */
export function answerHead<C extends string>(command: C, ctx: CommandContext): { command: C; mode: Mode; generatedAt: string } {
  return { command, mode: ctx.mode, generatedAt: new Date(ctx.now).toISOString() };
}

function fail(message: string): never {
  throw new UsageError(message);
}

/**
 * The catalog service named by the first argument (trimmed, lower-cased), checked against
 * `--env` when one is given: the same usage and input errors for every per-service command.
 * `usage` is the error when the name is missing.
 */
export function serviceArgument(ctx: CommandContext, usage: string): ServiceEntry {
  const name = ctx.args.positionals[0]?.trim().toLowerCase();
  if (!name) throw new UsageError(`${usage} Run \`services\` to list them.`);
  const service = findService(ctx.catalog, name);
  const env = ctx.args.env;
  if (env && !service.envs.includes(env)) {
    throw new InvalidInputError(`Service "${name}" has no environment "${env}".`, { fix: `Use one of: ${service.envs.join(", ")}.` });
  }
  return service;
}

function checkHost(host: string): void {
  if (!host) fail("--host needs an address, e.g. --host 127.0.0.1.");
}

function parseMaxPages(raw: string): number {
  const pages = Number(raw);
  if (!Number.isInteger(pages) || pages < 1 || pages > 1_000_000) fail(`--max-pages must be a whole number from 1 to 1000000 (got "${raw}").`);
  return pages;
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535 (got "${raw}").`);
  return port;
}
