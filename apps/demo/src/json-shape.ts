import { forCli } from "./commands/doctor.js";

/** `created_at` → `createdAt`: the one key style of the demo's JSON (schemaVersion 2). */
export const camelKey = (key: string) => key.replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The `--json` shape: camelCase keys everywhere (API records the connectors pass through keep
 * their own snake_case otherwise), a `message` that does not repeat its `fix`, and fixes worded
 * for a CLI user.
 */
export function jsonShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonShape);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[camelKey(key)] = jsonShape(inner);
  if (typeof out.message === "string" && typeof out.fix === "string") {
    const fix = out.fix;
    if (fix && out.message.endsWith(fix)) out.message = out.message.slice(0, -fix.length).trim();
    out.fix = forCli(fix);
  }
  return out;
}
