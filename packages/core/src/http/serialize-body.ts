import { redactExcerpt } from "../redact.js";
import { InvalidInputError } from "../errors.js";

function kindOf(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name ? name : "object";
}

/**
 * The JSON text of a request body, or `undefined` for none. Refuses what `JSON.stringify`
 * would turn into something else: a stream, `Blob`, `FormData`, `URLSearchParams`, `Map`,
 * `Set` or binary buffer (all sent as `{}` or `{"0":…}`), a function or symbol (dropped), a
 * `BigInt` or a cycle (throw).
 */
export function serializeBody(body: unknown, where: string): string | undefined {
  if (body === undefined) return undefined;
  const refuse = (what: string) =>
    new InvalidInputError(`${where}: the request body must be JSON-serialisable data (got ${what}).`, {
      fix: "Pass a plain object, array, string, number, boolean or null; convert streams, Blobs, FormData, URLSearchParams, Maps and Sets first.",
    });
  if (typeof body === "function" || typeof body === "symbol" || typeof body === "bigint") throw refuse(typeof body);
  if (typeof body === "object" && body !== null) {
    if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) throw refuse(kindOf(body));
    const proto = Object.getPrototypeOf(body) as unknown;
    const plain = proto === Object.prototype || proto === null || Array.isArray(body);
    const hasToJSON = typeof (body as { toJSON?: unknown }).toJSON === "function";
    // A class instance with no own data and no toJSON would be sent as "{}".
    if (!plain && !hasToJSON && Object.keys(body).length === 0) throw refuse(kindOf(body));
    if (!plain && !hasToJSON && (body instanceof Map || body instanceof Set || typeof (body as { getReader?: unknown }).getReader === "function" || typeof (body as { pipe?: unknown }).pipe === "function")) {
      throw refuse(kindOf(body));
    }
  }
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new InvalidInputError(`${where}: the request body cannot be turned into JSON (${error instanceof Error ? redactExcerpt(error.message, 120) : String(error)}).`, {
      fix: "Remove BigInt values and circular references from the body.",
    });
  }
}
