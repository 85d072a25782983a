// The demo's commands word their advice for a command line ("add --apply", "narrow --since");
// an assistant calls tools with arguments instead. These are the CLI's own sentences (from
// apps/demo/src/commands/annotate.ts and timeline.ts), each with its words for a tool call. Only
// whole known phrases are rewritten, never a tool's data (a commit message may say "--apply").
const PHRASES: readonly [RegExp, string][] = [
  [/\(dry run: nothing written; add --apply to write them\)/g, "(dry run: nothing written; call annotate_deploys without dryRun to write them)"],
  [/duplicate\(s\) with --apply/g, "duplicate(s) when writing"],
  [/--apply would be refused/g, "Writing would be refused"],
  [/without --apply, annotate only shows what it would create\./g, "with dryRun: true, annotate_deploys only shows what it would create."],
  [/run without --apply to see what could not be read/g, "call with dryRun: true to see what could not be read"],
  [/\bannotate --apply\b/g, "annotate_deploys"],
  [/([Nn])arrow --since\b/g, "$1arrow since"],
  [/Run `services` to list them\./g, "Call list_services to list them."],
  // Core's fixes as the demo words them for its CLI (apps/demo/src/format/fix.ts), then its own advice.
  [/run `toolweave-demo doctor`/g, "call credential_doctor"],
  [/`toolweave-demo doctor`/g, "credential_doctor"],
  [/Rerun with a higher --max-pages \(default 1000\)/g, "Restart toolweave-mcp with a higher --max-pages (default 1000)"],
  [/Rerun with a higher --max-pages/g, "Restart toolweave-mcp with a higher --max-pages"],
  [/run `toolweave-demo audit --service ([^`]+)`/g, "call naming_audit with service $1"],
  [/toolweave-demo audit --service <name>/g, "naming_audit with a service"],
];

/** The demo's CLI advice in `text`, worded for a tool call. */
export function mcpWording(text: string): string {
  let out = text;
  for (const [phrase, words] of PHRASES) out = out.replace(phrase, words);
  return out;
}

/** A usage error's message, naming the tool's arguments instead of the CLI's options (`--since` → `since`). */
export function argumentWording(message: string): string {
  return mcpWording(message).replace(/--(since|until|window|env|service)\b/g, "$1");
}

/** `mcpWording` over the `message`, `fix` and `reason` strings of an answer (never its data). */
export function mcpWordingDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => mcpWordingDeep(item)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = (key === "message" || key === "fix" || key === "reason") && typeof inner === "string" ? mcpWording(inner) : mcpWordingDeep(inner);
  return out as T;
}
