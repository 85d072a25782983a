import { InvalidResponseError } from "../errors.js";
import { redactExcerpt } from "../redact.js";
import { validateResponse } from "../validate.js";
import { requestSummary, shownUrl, type Call } from "./call.js";
import type { ClientState } from "./client-state.js";
import type { RawResponse } from "./raw-response.js";
import type { CachedResponse } from "./response-cache.js";
import type { HttpResponse } from "./types.js";

/** What `request()` resolves to; `url` is redacted when first read. */
export function responseOf<T>(call: Call<T>, raw: RawResponse, data: T): HttpResponse<T> {
  let url: string | undefined;
  return {
    data,
    status: raw.status,
    headers: raw.headers,
    get url() {
      return (url ??= shownUrl(call, raw.url));
    },
  };
}

/**
 * The answer's data: its JSON, validated by the call's schema when it has one. Not JSON is an
 * `InvalidResponseError`. `cached` keeps each schema's output, so a cache hit validates once.
 */
export function parseAndValidate<T>(state: ClientState, call: Call<T>, raw: RawResponse, cached?: CachedResponse): T {
  if (raw.jsonError) {
    throw new InvalidResponseError(
      `${state.displayName} ${call.options.operation}: the response is not valid JSON (HTTP ${raw.status}; starts: ${redactExcerpt(raw.text, 80)}).`,
      {
        provider: state.provider,
        status: raw.status,
        request: requestSummary(call, shownUrl(call, raw.url)),
        fix: "Check that the base URL points at the API (not a web page or proxy login).",
      },
    );
  }
  const schema = call.options.schema;
  if (!schema) return raw.json as T;
  if (cached?.validated.has(schema)) return cached.validated.get(schema) as T;
  // The request summary (a redacted URL) only when validation fails.
  const data = validateResponse(schema, raw.json, {
    operation: call.options.operation,
    provider: state.displayName,
    get request() {
      return requestSummary(call, shownUrl(call, raw.url));
    },
    status: raw.status,
  });
  cached?.validated.set(schema, data);
  return data;
}
