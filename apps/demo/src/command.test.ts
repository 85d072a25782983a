import { describe, expect, it } from "vitest";
import { defineCommand, FLAGS, type CommandContext, type FlagName } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import * as services from "./commands/services.js";
import { USAGE } from "./main.js";

// The command table is the one place a command is described: the usage text, the options and
// the `--json` envelope all come from it.

describe("the command table", () => {
  it("type-checks each command's envelope against its output schema", () => {
    // Checked by `tsc` (the demo's typecheck): each @ts-expect-error below must be an error.
    const good = defineCommand({ ...services, envelope: (rows: services.ServiceRow[], ctx: CommandContext) => ({ command: "services" as const, mode: ctx.mode, catalog: "x", services: rows }) });
    // @ts-expect-error `catalog` is a string in the services schema.
    defineCommand({ ...services, envelope: (rows: services.ServiceRow[], ctx: CommandContext) => ({ command: "services" as const, mode: ctx.mode, catalog: 1, services: rows }) });
    // @ts-expect-error `command` is the schema's literal.
    defineCommand({ ...services, envelope: (rows: services.ServiceRow[], ctx: CommandContext) => ({ command: "status" as const, mode: ctx.mode, catalog: "x", services: rows }) });
    // @ts-expect-error `services` is required.
    defineCommand({ ...services, envelope: (_rows: services.ServiceRow[], ctx: CommandContext) => ({ command: "services" as const, mode: ctx.mode, catalog: "x" }) });
    expect(good.name).toBe("services");
  });

  it("lists every command in the usage text, called as its positionals and options say", () => {
    expect(USAGE).toContain("\n  status <service> [--env <env>]   CI and monitoring side by side for one service\n");
    expect(USAGE).toContain("\n  annotate <service> --env <env> [--since 7d] [--apply]\n");
    expect(USAGE).toContain("\n  timeline <service> [--env <env>] [--since 24h] [--until <when>] [--window 60m]\n");
    for (const command of COMMANDS) expect(USAGE).toMatch(new RegExp(`^  ${command.name}\\b`, "m"));
    for (const line of USAGE.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("gives every option to some command, and only known options to commands", () => {
    const taken = new Set(COMMANDS.flatMap((c) => Object.keys(c.flags)));
    for (const [name, spec] of Object.entries(FLAGS)) if (!("global" in spec)) expect(taken, name).toContain(name);
    for (const name of taken) expect(Object.keys(FLAGS)).toContain(name as FlagName);
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });
});
