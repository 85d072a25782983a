import { readFileSync } from "node:fs";
import { z } from "zod";

const name = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by single hyphens, e.g. "web-shop"');

/**
 * One service of the catalog, in the demo's format (`TOOLWEAVE_CATALOG`, see apps/demo's README):
 * `name`, CircleCI project slug `repo`, `envs`, optional `team` and `component`.
 */
export const serviceSchema = z.object({
  name,
  repo: z.string().min(3),
  envs: z.array(z.string().regex(/^[a-z0-9]+$/, 'one lower-case word, e.g. "prod"')).min(1, "list at least one environment"),
  team: name.optional(),
  component: name.optional(),
});

/** A catalog service as the producer puts it in a job. */
export type Service = z.output<typeof serviceSchema>;

const catalogSchema = z.object({ services: z.array(serviceSchema).min(1, "list at least one service") });

/** Reads and checks a catalog file; the error names the file and every bad field. */
export function readCatalog(path: string): Service[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new Error(`Cannot read the catalog ${path}: ${(error as Error).message}. Pass a JSON file in the demo's catalog format with --catalog or TOOLWEAVE_CATALOG.`);
  }
  const parsed = catalogSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`The catalog ${path} is not valid:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`);
  }
  const seen = new Set<string>();
  for (const service of parsed.data.services) {
    if (seen.has(service.name)) throw new Error(`The catalog ${path} lists the service "${service.name}" twice.`);
    seen.add(service.name);
  }
  return parsed.data.services;
}
