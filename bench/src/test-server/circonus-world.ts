import { circonusFixtures } from "@toolweave/connector-circonus/fixtures";
import type { CirconusWorldOptions, Reply } from "./types.js";

/** Token (a UUID, as Circonus issues) and app name the server accepts. */
export const CIRCONUS_TOKEN = "3f2a9c1e-7b4d-4e8a-9c6f-0123456789ab";
export const CIRCONUS_APP = "toolweave-bench";

const bundleTemplate = circonusFixtures.checkBundleSearch[0]!;
const ruleSetTemplate = circonusFixtures.ruleSetList[0]!;
const alertTemplate = circonusFixtures.alertList[0]!;
const MORE_ITEMS = "X-Circonus-More-Items";

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({ status, body, headers });

/** Tags named by a `(tags:a:b,c:d)` term of a search string. */
function searchTags(search: string | null): string[] {
  const match = search ? /\(tags:([^)]*)\)/.exec(search) : null;
  return match ? match[1]!.split(",").map((t) => t.trim()).filter(Boolean) : ["service:checkout", "env:prod"];
}

/** Offset pages (https://docs.circonus.com/circonus/api/): `size` (API default 20, max 1000) and `from`; `X-Circonus-More-Items: true` while more remain. */
function offsetPage<T>(total: number, itemAt: (i: number) => T, url: URL): Reply {
  const size = Math.min(1000, Math.max(1, Number(url.searchParams.get("size") ?? 20) || 20));
  const from = Math.max(0, Number(url.searchParams.get("from") ?? 0) || 0);
  const end = Math.min(total, from + size);
  const items: T[] = [];
  for (let i = from; i < end; i++) items.push(itemAt(i));
  return json(items, 200, end < total ? { [MORE_ITEMS]: "true" } : {});
}

/**
 * A generated Circonus API v2: account and user from the fixtures; check bundles, rule sets and
 * alerts generated per search, carrying the searched tags (so correlation finds them).
 */
export function createCirconusWorld(options: CirconusWorldOptions = {}) {
  const token = options.token ?? CIRCONUS_TOKEN;
  const bundles = options.checkBundles ?? 2;
  const ruleSets = options.ruleSets ?? 1;
  const alerts = options.alerts ?? 1;

  return function handle(path: string, url: URL, headers: Record<string, string>): Reply {
    // Pending or missing app approval answers 401 (https://docs.circonus.com/circonus/integrations/api/api-tokens/).
    if (headers["x-circonus-auth-token"] !== token || !headers["x-circonus-app-name"]) {
      return json({ code: "Unauthorized", message: "Authentication required", explanation: "The app is not approved for this token." }, 401);
    }
    const tags = searchTags(url.searchParams.get("search"));
    const service = tags.find((t) => t.startsWith("service:"))?.slice(8) ?? "checkout";
    switch (path.replace(/^\/+/, "")) {
      case "account/current":
        return json(circonusFixtures.accountCurrent);
      case "user/current":
        return json(circonusFixtures.userCurrent);
      case "check_bundle":
        return offsetPage(bundles, (i) => ({ ...bundleTemplate, _cid: `/check_bundle/${10_000 + i}`, display_name: `${service} check ${i}`, target: `${service}.example.com`, tags }), url);
      case "rule_set":
        return offsetPage(ruleSets, (i) => ({ ...ruleSetTemplate, _cid: `/rule_set/${20_000 + i}`, tags }), url);
      case "alert":
        return offsetPage(alerts, (i) => ({ ...alertTemplate, _cid: `/alert/${30_000 + i}`, _check_name: `${service} check ${i}`, _tags: tags }), url);
      default:
        return json({ code: "NotFound", message: "Object not found" }, 404);
    }
  };
}
