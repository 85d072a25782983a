/** Left-aligned columns. */
export function table(rows: readonly (readonly string[])[], indent = "  "): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i]! - visibleLength(cell)))).join("  ").trimEnd())
    .join("\n");
}

// Strip ANSI escapes when measuring (cells may be coloured).
const visibleLength = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "").length;

/** `87%` from a rate in 0..1. */
export const percent = (rate: number): string => `${Math.round(rate * 100)}%`;
