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
