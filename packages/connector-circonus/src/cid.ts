import { InvalidInputError, encodePathSegment } from "@toolweave/core";

/**
 * Builds the request path for an object id. A CID *is* the path (`/check_bundle/1234`,
 * https://docs.circonus.com/circonus/api/); ids are opaque (rule_set and metric ids may contain
 * `_`, `|`, `:`, `[`, spaces), so the id part is one encoded segment. Accepts `/check_bundle/1234`,
 * `/v2/check_bundle/1234` or `1234`; a CID of another type is refused.
 */
export function cidPath(type: string, cid: string | number, name = `${type} id`): string {
  return `/${type}/${encodePathSegment(cidId(type, cid, name), name)}`;
}

/** The id part of a CID (`1234` from `/check_bundle/1234`). */
export function cidId(type: string, cid: string | number, name = `${type} id`): string {
  const text = String(cid).trim();
  if (!text.startsWith("/")) return text;
  const stripped = text.replace(/^\/v2(?=\/)/, "");
  const prefix = `/${type}/`;
  if (!stripped.startsWith(prefix) || stripped.length === prefix.length) {
    throw new InvalidInputError(`Invalid ${name}: ${JSON.stringify(text.slice(0, 80))} is not a ${type} CID.`, {
      provider: "circonus",
      fix: `Pass the id ("1234") or the CID ("${prefix}1234").`,
    });
  }
  return stripped.slice(prefix.length);
}
