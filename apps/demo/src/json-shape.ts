import { forCli } from "./format/index.js";
import { redactOutput } from "./redact-output.js";

/** `created_at` → `createdAt`: the one key style of the demo's JSON (schemaVersion 2). */
export const camelKey = (key: string) => key.replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The demo's JSON shape (`--json`, and `serve`'s `/api/…`): camelCase keys everywhere (API
 * records the connectors pass through keep their own snake_case otherwise), and fixes worded
 * for a CLI user.
 */
export function jsonShape(value: unknown): unknown {
  if (Array.isArray(value)) {
    // Copy only what changes: a large output (10,000 services) is not duplicated in memory.
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const shaped = jsonShape(item);
      if (shaped !== item) (copy ??= value.slice())[i] = shaped;
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    const name = camelKey(key);
    const shaped = jsonShape(inner);
    if (name !== key || shaped !== inner) changed = true;
    out[name] = shaped;
  }
  if (typeof out.message === "string" && typeof out.fix === "string") {
    const cliFix = forCli(out.fix);
    if (cliFix !== out.fix) changed = true;
    out.fix = cliFix;
  }
  return changed ? out : value;
}

/**
 * Writes `JSON.stringify(value, null, 2)` piece by piece: each element of a top-level array is
 * written on its own, so a 10,000-service answer is never one string in memory. Every piece is
 * redacted first (`redactOutput`: no live secret, no sensitive URL parameter), so nothing a tool
 * sent back reaches the output with a secret in it.
 */
export function writeJson(sink: (text: string) => unknown, value: Record<string, unknown>): void {
  // Pieces are gathered into chunks of about 256 KB: few writes, and no one huge string.
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length) sink(pending.join(""));
    pending = [];
    size = 0;
  };
  const write = (text: string) => {
    pending.push(text);
    size += text.length;
    if (size >= 262_144) flush();
  };
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
  write("{");
  entries.forEach(([key, inner], i) => {
    write(`${i ? "," : ""}\n  ${JSON.stringify(redactOutput(key))}: `);
    if (Array.isArray(inner) && inner.length > 0) {
      write("[");
      inner.forEach((item, j) => write(`${j ? "," : ""}\n    ${(JSON.stringify(redactOutput(item), null, 2) ?? "null").replace(/\n/g, "\n    ")}`));
      write("\n  ]");
    } else {
      write((JSON.stringify(redactOutput(inner), null, 2) ?? "null").replace(/\n/g, "\n  "));
    }
  });
  write(entries.length ? "\n}\n" : "}\n");
  flush();
}
