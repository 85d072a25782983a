import type { IncompletePart } from "@toolweave/core";
import { forCli } from "./format/index.js";
import type { Painter } from "./io.js";
import type { Mode } from "./providers.js";

// The pieces of text every command's renderer shares; each command renders its own answer
// (commands/<name>.ts).

export function banner(mode: Mode, p: Painter): string {
  return mode === "simulated"
    ? p.paint(["bold", "yellow"], "SIMULATED DATA") +
        p.paint("yellow", " — no CIRCLECI_TOKEN or CIRCONUS_API_TOKEN set (or --simulated): showing the built-in simulated CircleCI and Circonus.\n")
    : "";
}

/** An error and, on its own line, its fix. */
export function renderError(error: { message: string; fix?: string | undefined }, p: Painter, indent = "  "): string {
  return `${indent}${p.paint("red", "✗ " + error.message)}${error.fix ? `\n${indent}${p.paint("bold", "Fix:")} ${forCli(error.fix)}` : ""}`;
}

/**
 * What could not be looked at, plainly: which lookup, why, and the fix. Printed under the tool
 * whose answer it belongs to, so nothing shown above it passes for the whole story.
 */
export function renderIncomplete(parts: readonly IncompletePart[], p: Painter, indent = "  "): string {
  if (parts.length === 0) return "";
  const lines = [`${indent}${p.paint(["bold", "yellow"], `! Incomplete: ${parts.length} lookup(s) could not be made, so this answer may be missing something`)}`];
  for (const part of parts) {
    const fix = part.error.fix;
    lines.push(`${indent}  ${p.paint("yellow", "- missing:")} ${part.lookup}`);
    lines.push(`${indent}    ${p.paint("gray", "why:")} ${part.error.message}${part.retryable ? " (temporary: retrying may work)" : ""}`);
    if (fix) lines.push(`${indent}    ${p.paint("bold", "Fix:")} ${forCli(fix)}`);
  }
  return lines.join("\n");
}
