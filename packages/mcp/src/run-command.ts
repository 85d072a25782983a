import { banner, createPainter, FLAGS, SIMULATED_CATALOG, type Args, type CommandContext, type FlagName } from "@toolweave/demo/kit";
import { currentScope, dispatchingHooks } from "./call-scope.js";
import { mcpWordingDeep } from "./mcp-wording.js";
import { requireCatalog } from "./service-argument.js";
import { structured } from "./structured.js";
import type { ToolAnswer, ToolCall } from "./tool-spec.js";
import { toolText } from "./tool-text.js";

/** The part of a demo command module a tool runs. */
export interface CommandModule<R> {
  name: string;
  worksWithoutCatalog?: boolean;
  run(ctx: CommandContext): Promise<R>;
  envelope(result: R, ctx: CommandContext): object;
  render(result: R, ctx: CommandContext): string;
}

/** What the command line would have said: the command's argument and options. */
export interface CommandInput {
  positionals?: string[];
  flags?: Partial<Pick<Args, FlagName>>;
}

const DEFAULT_FLAGS = Object.fromEntries(Object.entries(FLAGS).map(([name, spec]) => [name, spec.type === "boolean" ? false : undefined])) as Omit<Args, "command" | "positionals">;
const NO_OUTPUT = { write: () => true, isTTY: false };
const plain = createPainter(NO_OUTPUT, {});

/**
 * Runs one of the demo's commands as the CLI's `--json` would, and returns its answer (the same
 * envelope, checked against the same schema) and its text, both through the redaction.
 * `extend` adds fields to the structured answer (e.g. `complete` for a command without one).
 */
export async function runCommand<R>(command: CommandModule<R>, call: ToolCall, input: CommandInput, extend?: (result: R) => Record<string, unknown>): Promise<ToolAnswer & { result: R }> {
  const { session } = call;
  if (!command.worksWithoutCatalog) requireCatalog(session);
  const args: Args = { ...DEFAULT_FLAGS, ...input.flags, json: true, command: command.name, positionals: input.positionals ?? [] };
  const now = session.clock();
  const ctx: CommandContext = {
    args,
    io: { stdout: NO_OUTPUT, stderr: NO_OUTPUT, env: session.env, cwd: session.cwd },
    signal: call.signal,
    out: plain,
    mode: session.mode,
    now,
    clock: session.clock,
    catalog: session.catalog ?? SIMULATED_CATALOG,
    simulation: session.simulation,
    providers: (hooks) => {
      // The command's own hooks apply to this call only (the connectors are shared).
      const scope = currentScope();
      if (scope && hooks) scope.hooks = hooks;
      return session.providers(dispatchingHooks);
    },
  };
  const result = await command.run(ctx);
  call.signal.throwIfAborted();
  return {
    result,
    structured: mcpWordingDeep(structured({ ...command.envelope(result, ctx), ...extend?.(result) })),
    text: toolText(command.render(result, ctx)),
  };
}

/** The line every answer on the simulated tools starts with (empty with real tools). */
export const modeBanner = (session: ToolCall["session"]): string => banner(session.mode, plain);
