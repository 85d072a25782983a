/**
 * Response bodies generated from an OpenAPI 3 document, for tests: every body a spec allows
 * should be accepted by the connector that reads it. No dependency: the generator walks the
 * schema itself. Exported from `@toolweave/core/testing`.
 */

/** A JSON Schema / OpenAPI schema object, read loosely. */
export type SpecSchema = Record<string, unknown>;

/**
 * How a sample is generated. Each mode is applied through the whole tree, so one sample
 * combines every odd value of its kind:
 * - `typical`: every property, ordinary values;
 * - `required-only`: only the properties the spec lists as required;
 * - `nulls`: every nullable field (`nullable: true` or the Swagger-2 `x-nullable: true`) is null;
 * - `extremes`: largest integers and numbers the schema allows, last enum value, epoch-0 dates;
 * - `empty`: empty arrays, maps and plain strings;
 * - `odd`: unknown enum values (enums treated as open), unknown extra properties, untyped
 *   fields given a number or object, other valid date-time forms.
 */
export type SampleMode = "typical" | "required-only" | "nulls" | "extremes" | "empty" | "odd";
export const SAMPLE_MODES: readonly SampleMode[] = ["typical", "required-only", "nulls", "extremes", "empty", "odd"];

export interface SpecSampleOptions {
  /** Depth after which recursion stops (null when nullable, else the minimal value). Default 8. */
  maxDepth?: number;
  /** Treat enums as closed (never send an unknown value). Default false: enums are open. */
  closedEnums?: boolean;
}

/** The value at a `#/...` JSON pointer of `doc`. */
function resolveRef(doc: SpecSchema, ref: string): SpecSchema {
  if (!ref.startsWith("#/")) throw new Error(`spec-samples: only local $ref are supported (got ${ref}).`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (typeof node !== "object" || node === null) throw new Error(`spec-samples: $ref ${ref} does not resolve.`);
  return node as SpecSchema;
}

const isNullable = (s: SpecSchema) => s.nullable === true || s["x-nullable"] === true;

/** One sample of `schema` in `mode`. */
export function sampleFromSchema(doc: SpecSchema, schema: SpecSchema, mode: SampleMode, options: SpecSampleOptions = {}, depth = 0): unknown {
  const maxDepth = options.maxDepth ?? 8;
  let s = schema;
  const seen = new Set<string>();
  while (typeof s.$ref === "string") {
    if (seen.has(s.$ref)) break;
    seen.add(s.$ref);
    s = resolveRef(doc, s.$ref);
  }
  if (mode === "nulls" && isNullable(s)) return null;
  if (depth > maxDepth) return isNullable(s) ? null : minimal(s);
  const next = (child: SpecSchema, m: SampleMode = mode) => sampleFromSchema(doc, child, m, options, depth + 1);

  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as SpecSchema[]).map((part) => next(part));
    return parts.every((p) => typeof p === "object" && p !== null && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  const alternatives = (s.oneOf ?? s.anyOf) as SpecSchema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length) {
    return next(alternatives[mode === "odd" || mode === "extremes" ? alternatives.length - 1 : 0]!);
  }
  if (Array.isArray(s.enum) && s.enum.length) {
    const values = s.enum as unknown[];
    if (mode === "odd" && !options.closedEnums && typeof values[0] === "string") return "a-value-added-later";
    return mode === "extremes" ? values[values.length - 1] : values[0];
  }
  const type = typeof s.type === "string" ? s.type : s.properties ? "object" : s.items ? "array" : undefined;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      const properties = (s.properties ?? {}) as Record<string, SpecSchema>;
      for (const [key, child] of Object.entries(properties)) {
        if (mode === "required-only" && !required.has(key)) continue;
        out[key] = next(child);
      }
      const extra = s.additionalProperties;
      if (extra && typeof extra === "object" && mode !== "empty" && mode !== "required-only") {
        out[mode === "odd" ? "an unexpected key" : "key"] = next(extra as SpecSchema);
      }
      // An unknown property is allowed unless the schema closes the object; in a map it must match the map's value schema (added above).
      if (mode === "odd" && extra === undefined) out.x_field_added_later = { nested: ["value", 1, null] };
      return out;
    }
    case "array": {
      if (mode === "empty") return [];
      const item = (s.items ?? {}) as SpecSchema;
      return mode === "extremes" ? [next(item), next(item, "typical")] : [next(item)];
    }
    case "string":
      return stringSample(s, mode);
    case "integer": {
      if (mode === "extremes") return typeof s.maximum === "number" ? s.maximum : Number.MAX_SAFE_INTEGER;
      if (mode === "odd") return typeof s.minimum === "number" ? s.minimum : -Number.MAX_SAFE_INTEGER;
      return typeof s.minimum === "number" && s.minimum > 42 ? s.minimum : typeof s.maximum === "number" && s.maximum < 42 ? s.maximum : 42;
    }
    case "number": {
      if (mode === "extremes") return typeof s.maximum === "number" ? s.maximum : 1.7976931348623157e308;
      if (mode === "odd") return typeof s.minimum === "number" ? s.minimum : -0.000001;
      return typeof s.minimum === "number" && s.minimum > 0.5 ? s.minimum : 0.5;
    }
    case "boolean":
      return mode !== "odd";
    default:
      // No type: any JSON value is allowed.
      if (mode === "odd") return 12345;
      if (mode === "extremes") return { any: ["shape"] };
      if (mode === "empty") return "";
      return "untyped value";
  }
}

function minimal(s: SpecSchema): unknown {
  switch (s.type) {
    case "object":
      return {};
    case "array":
      return [];
    case "string":
      return "x";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

function stringSample(s: SpecSchema, mode: SampleMode): string {
  switch (s.format) {
    case "date-time":
      return mode === "extremes" ? "1970-01-01T00:00:00Z" : mode === "odd" ? "2026-03-02T12:15:42.123456+02:00" : "2026-03-02T10:15:42.000Z";
    case "date":
      return mode === "extremes" ? "1970-01-01" : "2026-03-02";
    case "uuid":
      return mode === "extremes" ? "ffffffff-ffff-4fff-bfff-ffffffffffff" : "5034460f-c7c4-4c43-9457-de07e2029e7b";
    case "uri":
    case "url":
      return "https://example.com/resource";
    case "email":
      return "someone@example.com";
    default:
      if (mode === "empty") return "";
      if (mode === "extremes") return "x".repeat(typeof s.maxLength === "number" ? s.maxLength : 2_000);
      if (mode === "odd") return "ünïcödé ✓ \"quoted\" <b>";
      return "text";
  }
}

/** The JSON schema of an operation's response, e.g. `responseSchema(doc, "/me", "get", "200")`. */
export function responseSchema(doc: SpecSchema, path: string, method = "get", status = "200"): SpecSchema {
  const paths = doc.paths as Record<string, Record<string, SpecSchema>> | undefined;
  const op = paths?.[path]?.[method];
  if (!op) throw new Error(`spec-samples: no ${method.toUpperCase()} ${path} in the spec.`);
  const responses = op.responses as Record<string, SpecSchema>;
  let response = responses[status];
  if (!response) throw new Error(`spec-samples: ${method.toUpperCase()} ${path} has no ${status} response.`);
  if (typeof response.$ref === "string") response = resolveRef(doc, response.$ref);
  const content = response.content as Record<string, { schema?: SpecSchema }> | undefined;
  const schema = content?.["application/json"]?.schema;
  if (!schema) throw new Error(`spec-samples: ${method.toUpperCase()} ${path} ${status} has no application/json schema.`);
  return schema;
}

/** One body per mode for an operation's response. */
export function specResponseSamples(doc: SpecSchema, path: string, options: SpecSampleOptions & { method?: string; status?: string } = {}): { mode: SampleMode; body: unknown }[] {
  const schema = responseSchema(doc, path, options.method ?? "get", options.status ?? "200");
  return SAMPLE_MODES.map((mode) => ({ mode, body: sampleFromSchema(doc, schema, mode, options) }));
}
