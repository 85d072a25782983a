/** A page URL's path, split at `/` (empty segments dropped): as written (`raw`) and percent-decoded (`segments`). */
export type PagePath = { raw: string[]; segments: string[] } | { malformed: true };

/**
 * Splits a URL path into segments and decodes each; `{ malformed: true }` when one has a
 * malformed percent-escape (`%E0%A4%A`), never a throw. Shared by every page reader, so they
 * agree on what a path says.
 */
export function decodePathSegments(pathname: string): PagePath {
  const raw = pathname.split("/").filter((segment) => segment !== "");
  const segments: string[] = [];
  for (const segment of raw) {
    try {
      segments.push(decodeURIComponent(segment));
    } catch {
      return { malformed: true };
    }
  }
  return { raw, segments };
}

/**
 * The path of `url` under the web app rooted at `root` (e.g. `https://app.circleci.com` or a
 * Circonus UI root `https://example-ops.circonus.com/`), decoded as {@link decodePathSegments}
 * does. `undefined` when `url` is not a page of that app: another origin (compared without
 * case; `URL` already drops a default port) or outside the root's path.
 */
export function pagePathUnder(url: URL, root: URL): PagePath | undefined {
  if (url.origin.toLowerCase() !== root.origin.toLowerCase()) return undefined;
  const prefix = root.pathname.replace(/\/+$/, "");
  if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  return decodePathSegments(url.pathname.slice(prefix.length));
}
