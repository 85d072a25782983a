import type { ZodType } from "zod";
import { describeReceived } from "../describe-received.js";
import { InvalidInputError } from "../errors.js";
import { redactExcerpt, redactText } from "../redact.js";
import { resolveUnder } from "./base-url.js";
import type { HttpClient, HttpMethod, HttpResponse, Query } from "./types.js";

/** Options of a connector's `request()`: an endpoint the connector does not wrap. */
export interface ConnectorRequestOptions<T = unknown> {
  /** Default `GET`. */
  method?: HttpMethod;
  /**
   * Path relative to the connector's API root (e.g. `"project/gh/acme/api/checkout"` under
   * `https://circleci.com/api/v2/`). Build it with `encodePath` when it holds user input; an
   * absolute URL or a path leaving the API root is refused, so the credential never goes
   * anywhere else.
   */
  path: string;
  query?: Query;
  /** JSON body for `POST`/`PUT`/`PATCH`/`DELETE`. */
  body?: unknown;
  /** Lenient zod schema for the response; the validated value is returned as `data`. */
  schema?: ZodType<T>;
  signal?: AbortSignal;
  /** Name used in errors and hook events (redacted). Default `request <METHOD> <path>`, the path redacted and without its query. */
  operation?: string;
}

/** What a connector passes to `createConnectorRequest`. */
export interface ConnectorRequestContext {
  http: HttpClient;
  displayName: string;
  /** Called before any non-`GET` request is sent; throw to refuse it (e.g. a read-only token). */
  beforeWrite?: (operation: string) => void;
}

const READS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);
/** The methods `createHttpClient` sends. */
const METHODS: ReadonlySet<string> = new Set([...READS, "DELETE", "PUT", "POST", "PATCH"]);

/** A caller's value quoted for a message: redacted before it is cut, so a cut never leaves part of a secret. */
const quoted = (text: string, max: number) => JSON.stringify(redactExcerpt(text, max, { foldWhitespace: false }));

/**
 * A connector's escape hatch: any endpoint of its API through the shared runtime, with the
 * connector's credential, retries, throttle, timeouts, redaction and typed errors, and the
 * same-origin rule (a path that would leave the API root is refused before sending).
 */
export function createConnectorRequest(context: ConnectorRequestContext): <T = unknown>(options: ConnectorRequestOptions<T>) => Promise<HttpResponse<T>> {
  return async function request<T = unknown>(options: ConnectorRequestOptions<T>): Promise<HttpResponse<T>> {
    if (!options || typeof options !== "object") {
      throw new InvalidInputError(`${context.displayName} request: options must be an object (got ${options === null ? "null" : typeof options}).`, {
        fix: 'Pass { path: "…", method?, query?, body?, schema? }.',
      });
    }
    const { path } = options;
    if (typeof path !== "string" || path.trim() === "") {
      throw new InvalidInputError(`${context.displayName} request: path must be a non-empty string relative to the API root.`, {
        fix: 'Pass a path such as "me" or encodePath`project/${slug}`.',
      });
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//") || path.includes("\\")) {
      throw new InvalidInputError(`${context.displayName} request: path must be relative to the API root, not an absolute URL.`, {
        fix: `Pass the part after ${context.http.baseUrl.href}; the credential is only sent to that API.`,
      });
    }
    const base = context.http.baseUrl;
    if (!resolveUnder(base, path)) {
      throw new InvalidInputError(`${context.displayName} request: path ${quoted(path, 80)} leaves the API root ${base.pathname}.`, {
        fix: "Pass a path below the API root (no ..); build it with encodePath when it holds user input.",
      });
    }
    const method = (typeof options.method === "string" ? options.method.toUpperCase() : (options.method ?? "GET")) as HttpMethod;
    if (!METHODS.has(method)) {
      throw new InvalidInputError(`${context.displayName} request: method must be one of ${[...METHODS].join(", ")} (got ${describeReceived(options.method)}).`, {
        fix: 'Pass method as an HTTP method name such as "GET" or "POST", or leave it out for GET.',
      });
    }
    // The name goes into every hook event as given (and errors' request.operation): a path,
    // or a caller's own name, holding a token is masked here.
    const operation = redactText(options.operation ?? `request ${method} ${path.split("?")[0]}`);
    if (!READS.has(method)) context.beforeWrite?.(operation);
    return context.http.request<T>({
      operation,
      method,
      path,
      ...(options.query === undefined ? {} : { query: options.query }),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  };
}
