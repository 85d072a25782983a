/** The body was larger than the client's `maxResponseBytes`; it was not read further. */
export class BodyTooLargeError extends Error {}

/**
 * The body as text, refusing more than `max` decoded bytes while streaming (a server that never
 * ends its body, or a small gzip body that inflates to gigabytes, must not exhaust memory).
 * `Content-Length` counts the bytes on the wire, before fetch decompresses them: it may refuse
 * a body at once only when the body is not encoded.
 */
export function readBody(response: Response, max: number): Promise<string> {
  const declared = response.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && isIdentity(response.headers.get("content-encoding"))) {
    if (Number(declared) > max) {
      void response.body?.cancel().catch(() => undefined);
      return Promise.reject(new BodyTooLargeError());
    }
    // Not encoded: the declared length is the decoded length (HTTP framing ends the body there),
    // so the platform's fast path is safe. Returned as is: no async frame around it.
    return response.text();
  }
  if (!response.body) return response.text();
  return readCounted(response.body, max);
}

/** Streams the body, counting decoded bytes, and refuses it past `max`. */
async function readCounted(body: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  // Decoded once, as response.text() would (UTF-8, a BOM dropped, bad bytes replaced).
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(whole);
}

/** Whether a `Content-Encoding` leaves the body as sent (absent, empty or only `identity`). */
function isIdentity(encoding: string | null): boolean {
  return encoding === null || encoding.split(",").every((coding) => /^\s*(identity)?\s*$/i.test(coding));
}
