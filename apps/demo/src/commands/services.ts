import { createHub, type Locator } from "@toolweave/core";
import { z } from "zod";
import type { Catalog } from "../catalog.js";
import type { CommandContext, JsonBody } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { table } from "../format/index.js";
import type { Painter } from "../io.js";
import { header } from "../output-schema-parts.js";
import type { Mode, Providers } from "../providers.js";
import { banner } from "../render.js";

export interface ServiceRow {
  name: string;
  repo: string;
  envs: string[];
  team: string | null;
  component: string | null;
  /** Where each tool looks for it (no calls made). */
  locators: Record<string, Locator[]>;
}

/** `services`: the catalog, with each tool's lookups resolved from the naming conventions. */
export function runServices(providers: Providers, catalog: Catalog): ServiceRow[] {
  const hub = createHub({ connectors: providers.connectors });
  return catalog.services.map((service) => {
    const locators: Record<string, Locator[]> = {};
    for (const env of service.envs) {
      for (const { connectorId, locators: found } of hub.locate({
        service: service.name,
        env,
        repo: service.repo,
        ...(service.team ? { team: service.team } : {}),
        ...(service.component ? { component: service.component } : {}),
      })) {
        const list = (locators[connectorId] ??= []);
        for (const locator of found) if (!list.some((l) => l.kind === locator.kind && l.value === locator.value)) list.push(locator);
      }
    }
    return { name: service.name, repo: service.repo, envs: service.envs, team: service.team ?? null, component: service.component ?? null, locators };
  });
}

// The `services` command: the rows above, its text, its `--json` answer.

export const name = "services";
export const summary = "The service catalog and where each tool looks";
export const positionals: string[] = [];
export const flags = {};

export async function run(ctx: CommandContext): Promise<ServiceRow[]> {
  return runServices(await ctx.providers(), ctx.catalog);
}

export const exitCode = (): number => EXIT.ok;

export function envelope(rows: ServiceRow[], ctx: CommandContext): JsonBody<typeof output> {
  return { command: "services", mode: ctx.mode, catalog: ctx.catalog.source, services: rows };
}

export function render(rows: ServiceRow[], ctx: CommandContext): string {
  return renderServices(ctx.mode, ctx.catalog.source, rows, ctx.out);
}

export const output = z.strictObject({
  ...header("services"),
  catalog: z.string(),
  services: z.array(
    z.strictObject({
      name: z.string(),
      repo: z.string(),
      envs: z.array(z.string()),
      team: z.string().nullable(),
      component: z.string().nullable(),
      locators: z.record(z.string(), z.array(z.looseObject({ provider: z.string(), kind: z.string(), value: z.string() }))),
    }),
  ),
});

/** A Circonus search such as `(tags:service:checkout,env:prod)` said in words: "tagged service:checkout, env:prod". */
const inWords = (value: string) => value.replace(/^\(tags:([^)]*)\)(.*)$/, (_, tags: string, rest: string) => `tagged ${tags.split(",").join(", ")}${rest ? ` ${rest}` : ""}`);

export function renderServices(mode: Mode, source: string, rows: ServiceRow[], p: Painter): string {
  const out: string[] = [banner(mode, p), `Catalog: ${source}\n`];
  for (const row of rows) {
    out.push(`${p.paint("bold", row.name)}  repo ${row.repo} · envs ${row.envs.join(", ")}${row.team ? ` · team ${row.team}` : ""}${row.component ? ` · component ${row.component}` : ""}`);
    for (const [connector, locators] of Object.entries(row.locators)) {
      out.push(table(locators.map((l) => [connector, l.kind, inWords(l.value)]), "    "));
    }
    out.push("");
  }
  return out.join("\n");
}
