import { parseArgs } from "node:util";
import { ConfigurationError, InvalidInputError, Secret, ToolweaveError } from "@toolweave/core";
import { CatalogError, SIMULATED_CATALOG } from "./catalog.js";
import { FLAGS, JSON_SCHEMA_VERSION, type AnyCommand, type Args, type CommandContext, type FlagName, type FlagSpec, type Running } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { errorJson } from "./error-json.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { jsonShape, writeJson } from "./json-shape.js";
import { createPainter, startProgress, type Io, type Painter } from "./io.js";
import { redactingStream } from "./redact-output.js";
import { openSession, readEnvironment } from "./session.js";
import { SERVE_TOKEN_VARIABLE } from "./tooljump/read-serve-token.js";
import pkg from "../package.json" with { type: "json" };

// The CLI around the command table (commands/index.ts): usage, parsing, which option goes with
// which command, dispatch, the `--json` envelope and the error report. Nothing here is about
// one command.

export const VERSION: string = pkg.version;

/** Where a command's summary starts in the usage text, and how wide the text is. */
const SUMMARY_COLUMN = 35;
const USAGE_WIDTH = 97;

/** How a command is called, from its positionals and options: `annotate <service> --env <env> [--since 7d] [--apply]`. */
function synopsis(command: AnyCommand): string {
  const parts = [command.name, ...command.positionals];
  for (const [flag, use] of Object.entries(command.flags) as [FlagName, { required?: boolean; default?: string }][]) {
    const spec: FlagSpec = FLAGS[flag];
    if (spec.type === "boolean") parts.push(`[--${flag}]`);
    else if (use.required) parts.push(`--${flag} ${spec.value}`);
    else parts.push(`[--${flag} ${use.default ?? spec.value}]`);
  }
  return parts.join(" ");
}

/** Words into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

function commandHelp(command: AnyCommand): string[] {
  const head = `  ${synopsis(command)}`;
  const [first = "", ...rest] = wrap(command.summary, USAGE_WIDTH - SUMMARY_COLUMN);
  const indent = " ".repeat(SUMMARY_COLUMN);
  return head.length + 2 <= SUMMARY_COLUMN ? [head.padEnd(SUMMARY_COLUMN) + first, ...rest.map((l) => indent + l)] : [head, indent + first, ...rest.map((l) => indent + l)];
}

/** The `--help` text, from the command table and the options. */
export const USAGE = `toolweave-demo ${VERSION} — one service across CircleCI and Circonus

Usage: toolweave-demo <command> [options]
       npx -y pnpm@10.34.9 demo <command> [options]   (from the repository root)

Commands:
${COMMANDS.flatMap(commandHelp).join("\n")}

Options:
${(Object.values(FLAGS) as FlagSpec[])
  .filter((spec) => spec.label && spec.help)
  .map((spec) => `  ${spec.label!.padEnd(20)}${spec.help}`)
  .join("\n")}

With no CIRCLECI_TOKEN or CIRCONUS_API_TOKEN set, every command runs against the simulated
tools and says so. Exit codes: 0 ok, 1 a provider failed or audit found problems,
2 usage or configuration error, 3 incomplete (a lookup failed; what is missing is printed),
4 annotate --apply stopped part way (what was written, with ids, and the error are printed).
`;

export interface MainIo extends Io {
  signal?: AbortSignal;
}

/** The command line, read with `util.parseArgs` against every option of {@link FLAGS}. */
function parse(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(Object.entries(FLAGS as Record<string, FlagSpec>).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }])),
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, ".")} Run with --help to see the options.`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(FLAGS as Record<string, FlagSpec>)) {
    const raw = parsed.values[name];
    values[name] = spec.type === "boolean" ? raw === true : typeof raw === "string" && spec.parse ? spec.parse(raw) : raw;
  }
  const [command, ...positionals] = parsed.positionals;
  return { ...(values as Omit<Args, "command" | "positionals">), command, positionals };
}

/** "status", "status and timeline", "status, timeline and annotate". */
const inWords = (names: readonly string[]) => (names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? ""));

/** The commands that take an option. */
const takersOf = (flag: FlagName) => COMMANDS.filter((c) => flag in c.flags).map((c) => c.name);

/**
 * Refuses arguments and options the command does not take, before anything is set up. The
 * message names the commands that take the option, with the options they alone take too
 * ("--until and --window apply to the timeline command only.").
 */
function checkArgs(command: AnyCommand, args: Args): void {
  if (args.positionals.length > command.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[command.positionals.length]}" for ${command.name}.`);
  const flags = Object.entries(FLAGS) as [FlagName, FlagSpec][];
  for (const [flag, spec] of flags) {
    const value = args[flag];
    if (spec.global || value === undefined || value === false) continue;
    if (!(flag in command.flags)) {
      const takers = takersOf(flag);
      const alike = flags.filter(([other, o]) => !o.global && takersOf(other).join() === takers.join());
      const options = inWords(alike.map(([other]) => `--${other}`));
      const hints = alike.map(([, o]) => o.hint ?? "").join("");
      throw new UsageError(`${options} ${alike.length > 1 ? "apply" : "applies"} to the ${inWords(takers)} command${takers.length > 1 ? "s" : ""} only${hints}.`);
    }
    spec.check?.(value as never);
  }
  command.check?.(args);
}

const isRunning = (result: unknown): result is Running => typeof (result as Partial<Running> | null)?.stop === "function";

/** Resolves when the signal ends the run (Ctrl-C); never without one. */
const stopped = (signal: AbortSignal | undefined) =>
  new Promise<void>((resolveStop) => {
    if (!signal) return;
    if (signal.aborted) return resolveStop();
    signal.addEventListener("abort", () => resolveStop(), { once: true });
  });

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], given: MainIo): Promise<number> {
  // The text channel: every line printed (stdout and stderr) passes through the one redaction,
  // as a tool's data can carry a secret this process holds. The JSON channel is writeJson, which
  // redacts its data; `simulate` writes to `given`, since it prints the simulated tokens on purpose.
  let io: MainIo = { ...given, stdout: redactingStream(given.stdout), stderr: redactingStream(given.stderr) };
  const out = createPainter(io.stdout, io.env);
  const err = createPainter(io.stderr, io.env);
  let args: Args | undefined;
  let closeSession = async () => {};
  let progress = { stop() {} };
  let held: Secret | undefined;
  const emitJson = (value: object) => writeJson((text) => given.stdout.write(text), jsonShape({ schemaVersion: JSON_SCHEMA_VERSION, ...value }) as Record<string, unknown>);
  // The serve token is a secret whatever the command: held as a Secret for the run (before the
  // arguments are read, so an error quoting one is masked too), every output quoting it is masked.
  const holdServeToken = (env: Record<string, string | undefined>) => {
    const value = env[SERVE_TOKEN_VARIABLE]?.trim();
    if (value && !held) held = new Secret(value, { label: SERVE_TOKEN_VARIABLE });
  };
  holdServeToken(io.env);
  try {
    args = parse(argv);
    // ./.env fills in variables that are not set (real ones always win), as secrets-env reads it.
    const environment = readEnvironment(io.env, io.cwd);
    io = { ...io, env: environment.env };
    holdServeToken(io.env); // ./.env may set it
    if (args.version) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (args.help || args.command === "help") {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (!args.command) throw new UsageError("No command given. Run with --help to see the commands.");
    const command = COMMANDS.find((c) => c.name === args!.command);
    if (!command) throw new UsageError(`Unknown command "${args.command}". Commands: ${COMMANDS.map((c) => c.name).join(", ")}. Run with --help for details.`);
    checkArgs(command, args);

    const session = openSession({ env: environment.realEnv, cwd: io.cwd, environment, catalogFile: args.catalog, simulated: args.simulated || command.simulatedOnly === true, maxPages: args["max-pages"] });
    closeSession = () => session.close();
    const catalog = session.catalog;
    if (!catalog && !command.worksWithoutCatalog) {
      throw new ConfigurationError(`The ${command.name} command needs a service catalog when real tools are used.`, {
        fix: "Pass --catalog <file> or set TOOLWEAVE_CATALOG (format: see apps/demo/README.md), or add --simulated.",
      });
    }
    const json = args.json && command.envelope !== undefined;
    const commandIo = command.unredacted ? { ...io, stdout: given.stdout } : io;
    let started = false;
    const ctx: CommandContext = {
      args,
      io: commandIo,
      ...(io.signal ? { signal: io.signal } : {}),
      out,
      mode: session.mode,
      now: session.clock(),
      clock: session.clock,
      catalog: catalog ?? SIMULATED_CATALOG,
      simulation: session.simulation,
      providers: async (hooks) => {
        const providers = await session.providers(hooks);
        // A spinner while a command that answers queries the tools (a server has no such wait).
        if (!started && command.output && !json) progress = startProgress(io, `querying ${providers.connectors.map((c) => c.displayName).join(" and ")}…`);
        started = true;
        return providers;
      },
    };
    const result = await command.run(ctx);
    try {
      progress.stop();
      if (json) emitJson(command.envelope!(result, ctx));
      else commandIo.stdout.write(command.render(result, ctx));
      // A server (serve, simulate) runs until Ctrl-C.
      if (isRunning(result)) await stopped(io.signal);
    } finally {
      if (isRunning(result)) await result.stop();
    }
    return command.exitCode(result);
  } catch (error) {
    return reportFailure(error, args, io, err, emitJson);
  } finally {
    progress.stop();
    await closeSession();
    held = undefined; // released once the run's output is written
  }
}

function reportFailure(error: unknown, args: Args | undefined, io: Io, p: Painter, emitJson: (v: object) => void): number {
  const usage = error instanceof UsageError || error instanceof CatalogError || ConfigurationError.isInstance(error) || InvalidInputError.isInstance(error);
  const code = usage ? EXIT.usage : EXIT.problems;
  const payload: { message: string; fix?: string; [key: string]: unknown } = ToolweaveError.isInstance(error)
    ? errorJson(error)
    : error instanceof CatalogError
      ? { name: error.name, message: error.message, problems: error.problems }
      : { name: (error as Error)?.name ?? "Error", message: (error as Error)?.message ?? String(error) };
  if (args?.json) {
    emitJson({ command: args.command ?? null, ok: false, error: payload });
  } else if (ConfigurationError.isInstance(error) && error.problems.length) {
    // The message already lists the problems; print its headline once, then each problem with its fix.
    io.stderr.write(`${p.paint("red", "error:")} ${payload.message.split("\n")[0]}\n`);
    for (const problem of error.problems) io.stderr.write(`  - ${problem.name}: ${problem.problem}\n    fix: ${problem.fix}\n`);
  } else {
    // The message says what went wrong; the fix, on its own line, what to do.
    io.stderr.write(`${p.paint("red", "error:")} ${payload.message}\n`);
    if (payload.fix) io.stderr.write(`  ${p.paint("bold", "fix:")} ${payload.fix}\n`);
  }
  return code;
}
