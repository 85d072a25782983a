/** An answer as the client keeps it: status, headers, the body text and its JSON when it parses. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  jsonError: boolean;
  /** The URL that answered (the last hop of any redirects). */
  url: URL;
}

/** The answer as kept: text, and its JSON when it parses (an empty body is no JSON, not an error). */
export function rawResponse(status: number, headers: Headers, text: string, url: URL): RawResponse {
  let json: unknown;
  let jsonError = false;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      // Whitespace alone is an empty body, not broken JSON (checked only on failure: no copy per answer).
      jsonError = text.trim() !== "";
    }
  }
  return { status, headers, text, json, jsonError, url };
}
