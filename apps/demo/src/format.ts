/** "5m 12s", "1h 3m", "2d 4h" from milliseconds. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "n/a";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "3h ago" relative to `now`. */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return "n/a";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = now - t;
  if (diff < 0) return "in the future";
  if (diff < 60_000) return "just now";
  return `${formatDuration(diff).split(" ")[0]} ago`;
}

export const percent = (rate: number) => `${Math.round(rate * 100)}%`;
export const shortSha = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : "n/a");

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
