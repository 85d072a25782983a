import type { ZodType } from "zod";
import { InvalidResponseError, type RequestSummary } from "./errors.js";
import { redactExcerpt, redactText } from "./redact.js";

/** What {@link validateResponse} puts on the `InvalidResponseError` it throws. */
export interface ValidateContext {
  /** Operation name, e.g. `getPipeline`. */
  operation: string;
  /** Connector id, e.g. `circleci`. */
  provider?: string;
  /** The request whose answer is being validated. */
  request?: RequestSummary;
  /** HTTP status of the answer. */
  status?: number;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** `items[3].created_at` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(root)";
}

/**
 * Validates a response body with a lenient schema. A failure raises `InvalidResponseError`
 * naming the operation and the first failing field path, with a short redacted excerpt.
 */
export function validateResponse<T>(schema: ZodType<T>, data: unknown, context: ValidateContext): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => {
    const got = valueAt(data, issue.path);
    return `${formatPath(issue.path)}: ${issue.message} (got ${describe(got)})`;
  });
  const more = result.error.issues.length > 3 ? ` and ${result.error.issues.length - 3} more` : "";
  let excerpt = "";
  try {
    excerpt = redactExcerpt(JSON.stringify(data) ?? "", 160);
  } catch {
    excerpt = "";
  }
  const where = context.provider ? `${context.provider} ${context.operation}` : context.operation;
  throw new InvalidResponseError(`${where}: unexpected response shape at ${issues.join("; ")}${more}.`, {
    fix: `The API may have changed; report it with this message. Body starts: ${excerpt}`,
    ...(context.provider === undefined ? {} : { provider: context.provider }),
    ...(context.request === undefined ? {} : { request: context.request }),
    ...(context.status === undefined ? {} : { status: context.status }),
    // A path may hold a key the server chose (a record's key): it can carry a secret like any value.
    details: { paths: result.error.issues.map((i) => redactText(formatPath(i.path))) },
  });
}
