import { InvalidInputError, describeReceived, encodePathSegment } from "@toolweave/core";
import { quoteInput } from "./quote-input.js";

/** Object types whose ids are always whole numbers (`/check_bundle/1234`, `/alert/4378611`). */
const NUMERIC_ID_TYPES = new Set(["check_bundle", "alert", "check", "contact_group", "maintenance", "annotation", "account", "user"]);
/** What `String()` makes of a missing or broken number: never a real id. */
const NOT_AN_ID = new Set(["nan", "undefined", "null", "infinity", "-infinity", "[object object]"]);

/**
 * Builds the request path for an object id. A CID *is* the path (`/check_bundle/1234`,
 * https://login.circonus.com/resources/api); ids are opaque for some types (rule_set and metric
 * ids may contain `_`, `|`, `:`, `[`, spaces), so the id part is one encoded segment. Accepts
 * `/check_bundle/1234`, `/v2/check_bundle/1234`, `"1234"` or `1234`; a CID of another type,
 * and anything that is not a usable id (`NaN`, `null`, an object, a negative number), is
 * refused before any request.
 */
export function cidPath(type: string, cid: string | number, name = `${type} id`): string {
  return `/${type}/${encodePathSegment(cidId(type, cid, name), name)}`;
}

/** The id part of a CID (`1234` from `/check_bundle/1234`). */
export function cidId(type: string, cid: string | number, name = `${type} id`): string {
  const prefix = `/${type}/`;
  const example = NUMERIC_ID_TYPES.has(type) ? `1234 or "${prefix}1234"` : `the id or the CID ("${prefix}<id>")`;
  const refuse = (problem: string) =>
    new InvalidInputError(`Invalid ${name}: ${problem}.`, { provider: "circonus", fix: `Pass ${example}, as found in the object's _cid.` });
  if (typeof cid === "number") {
    if (!Number.isSafeInteger(cid) || cid < 0) throw refuse(`expected a whole number of 0 or more (got ${describeReceived(cid)})`);
    return String(cid);
  }
  if (typeof cid !== "string") throw refuse(`expected a number or a CID string (got ${describeReceived(cid)})`);
  const text = cid.trim();
  let id = text;
  if (text.startsWith("/")) {
    const stripped = text.replace(/^\/v2(?=\/)/, "");
    if (!stripped.startsWith(prefix) || stripped.length === prefix.length) {
      throw refuse(`${quoteInput(text, 80)} is not a ${type} CID`);
    }
    id = stripped.slice(prefix.length);
  }
  if (id === "" || NOT_AN_ID.has(id.toLowerCase())) throw refuse(`expected an id (got ${describeReceived(cid)})`);
  if (NUMERIC_ID_TYPES.has(type) && !/^\d+$/.test(id)) throw refuse(`${type} ids are whole numbers (got ${describeReceived(cid)})`);
  return id;
}
