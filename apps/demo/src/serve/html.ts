/**
 * HTML escaping for the `serve` page. Everything shown there (service names, alert and commit
 * titles, actors) comes from a catalog or a tool's API, so every value passes through here.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in HTML/SVG content and in double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * An `http:`/`https:` URL, escaped for an `href`; `undefined` for anything else (a tool could
 * send `javascript:` or `data:` links, which the page never makes clickable).
 */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? escapeHtml(parsed.href) : undefined;
  } catch {
    return undefined;
  }
}

/** An external link when the URL is safe, the escaped text alone otherwise. */
export function externalLink(url: string | null | undefined, text: string, label?: string): string {
  const href = safeHref(url);
  if (!href) return escapeHtml(text);
  return `<a href="${href}" rel="noreferrer noopener"${label ? ` aria-label="${escapeHtml(label)}"` : ""}>${escapeHtml(text)}</a>`;
}

/**
 * A fragment id for an event, unique per provider and event id: characters other than ASCII
 * letters, digits and `-` become `_<hex>_`, so two different ids never collide.
 */
export function eventAnchor(event: { provider: string; id: string }): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
  return `event-${safe(event.provider)}-${safe(event.id)}`;
}

/** The first 7 characters of a commit SHA, as CircleCI and GitHub show it. */
export const shortSha = (sha: string | null | undefined): string => (sha ? sha.slice(0, 7) : "no commit");

/** `12 min`, `3 h 5 min`, `2 d 4 h`: a gap in words a person reads at a glance. */
export function formatGap(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** `2026-11-25 11:48 UTC`. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return "n/a";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
