/**
 * Messages `fetch` implementations use when no HTTP answer came back: undici (Node) `fetch
 * failed`, Chromium `Failed to fetch`, Firefox `NetworkError when attempting to fetch
 * resource.`, WebKit `Load failed`, Deno `error sending request …`, Bun `Unable to connect …`.
 */
const NETWORK_MESSAGE = /^(fetch failed|failed to fetch|networkerror when attempting to fetch resource\.?|load failed|network error|network connection was lost\.?|error sending request.*|unable to connect.*)$/i;

/**
 * Error codes of socket, DNS and TLS failures: Node's `ECONNRESET`-style and `EAI_…` codes (not
 * its `ERR_INVALID_…` programming errors), undici's socket codes, OpenSSL's certificate codes,
 * Bun's connection codes.
 */
const NETWORK_CODE = /^(E[A-Z]+|EAI_[A-Z]+|UND_ERR_(?:SOCKET|CONNECT_TIMEOUT|HEADERS_TIMEOUT|BODY_TIMEOUT|CLOSED|DESTROYED)|ERR_TLS_[A-Z_]+|ERR_SSL_[A-Z_]+|ERR_SOCKET_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+|ConnectionRefused|ConnectionClosed|FailedToOpenSocket)$/;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Whether `fetch` failed because the request got no HTTP answer (socket, DNS, TLS), as opposed
 * to refusing the request itself (a GET with a body, a bad URL or header: a `TypeError` too,
 * but repeating it cannot help).
 */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  for (let e: unknown = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (code && NETWORK_CODE.test(code)) return true;
  }
  return NETWORK_MESSAGE.test(error.message.trim());
}
