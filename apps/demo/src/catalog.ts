import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { parseProjectSlug } from "@toolweave/connector-circleci";
import { ENV_PATTERN, InvalidInputError, NAME_PATTERN, ToolweaveError } from "@toolweave/core";

const name = z.string().regex(NAME_PATTERN, 'lower-case words joined by single hyphens, e.g. "web-shop"');

/** One service in the catalog. */
export const serviceEntrySchema = z.strictObject({
  name,
  /**
   * CircleCI project slug, checked by CircleCI's own rules (the connector's `parseProjectSlug`):
   * `gh/<org>/<repo>`, `bb/<org>/<repo>` (`github/…`, `bitbucket/…` accepted and shortened) or
   * `circleci/<org-id>/<project-id>`. A bad one is refused here, before any call.
   */
  repo: z.string().transform((value, ctx) => {
    try {
      return parseProjectSlug(value).slug;
    } catch (error) {
      // The problem and, after it, what to do: the slug's error keeps its fix apart.
      const fix = ToolweaveError.isInstance(error) ? error.fix : undefined;
      ctx.addIssue({ code: "custom", message: fix ? `${(error as Error).message} ${fix}` : (error as Error).message });
      return z.NEVER;
    }
  }),
  envs: z.array(z.string().regex(ENV_PATTERN, 'one lower-case word, e.g. "prod"')).min(1, "list at least one environment"),
  team: name.optional(),
  component: name.optional(),
  /** Overrides of the naming conventions for this service. */
  conventions: z
    .strictObject({
      circleci: z
        .strictObject({ context: z.string().optional(), buildWorkflow: z.string().optional(), deployWorkflow: z.string().optional() })
        .optional(),
    })
    .optional(),
});

export const catalogSchema = z.strictObject({
  $schema: z.string().optional(),
  services: z.array(z.unknown()).min(1, "list at least one service"),
});

export type ServiceEntry = z.output<typeof serviceEntrySchema>;
export interface Catalog {
  source: string;
  services: ServiceEntry[];
}

export class CatalogError extends Error {
  override name = "CatalogError";
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(`${message}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Validates a catalog, with one message per bad entry naming the entry and the field. */
export function parseCatalog(data: unknown, source: string): Catalog {
  const top = catalogSchema.safeParse(data);
  if (!top.success) {
    throw new CatalogError(`Catalog ${source} is not valid:`, top.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const problems: string[] = [];
  const services: ServiceEntry[] = [];
  const seen = new Set<string>();
  top.data.services.forEach((raw, index) => {
    const label = typeof raw === "object" && raw && typeof (raw as { name?: unknown }).name === "string" ? `"${(raw as { name: string }).name}"` : `#${index + 1}`;
    const entry = serviceEntrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) problems.push(`service ${label}: ${issue.path.join(".") || "(entry)"}: ${issue.message}`);
      return;
    }
    if (seen.has(entry.data.name)) problems.push(`service ${label}: listed twice`);
    seen.add(entry.data.name);
    services.push(entry.data);
  });
  if (problems.length) throw new CatalogError(`Catalog ${source} has ${problems.length} problem(s):`, problems);
  return { source, services };
}

/** The catalog entry named `name`; an `InvalidInputError` listing the known names otherwise. */
export function findService(catalog: Catalog, name: string): ServiceEntry {
  const service = catalog.services.find((s) => s.name === name);
  if (!service) {
    throw new InvalidInputError(`Service "${name}" is not in the catalog (${catalog.source}).`, {
      fix: `Use one of: ${catalog.services.map((s) => s.name).join(", ")}.`,
    });
  }
  return service;
}

/** Larger is no catalog (10,000 services take about 2 MB). */
const MAX_CATALOG_BYTES = 64 * 1024 * 1024;

export function loadCatalogFile(path: string): Catalog {
  let text: string;
  try {
    // A FIFO or a device (/dev/zero) would block the read for ever: only a regular file is read.
    const stat = statSync(path);
    if (!stat.isFile()) throw new CatalogError(`Cannot read catalog ${path}:`, ["it is not a regular file: give --catalog or TOOLWEAVE_CATALOG the path of a JSON file"]);
    if (stat.size > MAX_CATALOG_BYTES) throw new CatalogError(`Cannot read catalog ${path}:`, [`it is larger than ${MAX_CATALOG_BYTES / 1024 / 1024} MiB: split it, or check the path`]);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(`Cannot read catalog ${path}:`, [`${(error as NodeJS.ErrnoException).code ?? "error"}: check the path given to --catalog or TOOLWEAVE_CATALOG`]);
  }
  // Editors on Windows save UTF-8 with a byte order mark; JSON.parse refuses it, so drop it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`Catalog ${path} is not valid JSON:`, [(error as Error).message]);
  }
  return parseCatalog(data, path);
}

/** The catalog of the simulated world (used when no catalog is given). */
export const SIMULATED_CATALOG: Catalog = parseCatalog(
  {
    services: [
      { name: "checkout", repo: "gh/acme/checkout", envs: ["staging", "prod"], team: "payments", component: "api" },
      { name: "web-shop", repo: "gh/acme/web-shop", envs: ["staging", "prod"], team: "storefront", component: "frontend" },
      { name: "search", repo: "circleci/7Lq2nVZc4tXyH9kPbR3sWd/Gm5Tq8NwLx2ZcV4bJr7Ka", envs: ["prod"], team: "discovery", component: "indexer" },
      { name: "billing", repo: "bb/acme/billing", envs: ["staging", "prod"], team: "payments", component: "worker" },
    ],
  },
  "built-in simulated catalog",
);
