/**
 * An instant as both the CLI and the page print it: `2026-11-25 08:50 UTC`. `{ zone: false }`
 * leaves out ` UTC` where a heading already says it (the CLI's timeline column); `n/a` when missing.
 */
export function time(iso: string | null | undefined, options: { zone?: boolean } = {}): string {
  if (!iso) return "n/a";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const text = new Date(t).toISOString().slice(0, 16).replace("T", " ");
  return options.zone === false ? text : `${text} UTC`;
}

/** `5m 12s`, `1h 3m`, `2d 4h`: how long something ran (a workflow's median duration). */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "n/a";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `3h ago` relative to `now`. */
export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return "n/a";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = now - t;
  if (diff < 0) return "in the future";
  if (diff < 60_000) return "just now";
  return `${duration(diff).split(" ")[0]} ago`;
}
