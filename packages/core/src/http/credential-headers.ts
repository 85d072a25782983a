export const CREDENTIAL_FIX =
  "Check the token: it must be the token alone, without spaces, line breaks, NUL or other control characters (copy it again from the provider's settings page).";

/** A header name: an HTTP token (RFC 9110 §5.6.2), as `Headers` requires. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** The whitespace `Headers` trims from both ends of a value before checking it. */
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/**
 * What a trimmed value may not contain: what `Headers` refuses (NUL, CR, LF, any code point above
 * 0xFF) and the other control characters but tab, which `Headers` takes but Node's fetch refuses
 * to send (every request would fail as a network error, the server seeing nothing).
 */
const REFUSED_IN_VALUE = /[\0-\x08\n-\x1f\x7f\u0100-\uffff]/;

/**
 * The part of `Headers` an `authenticate` callback may use, with the same checks and
 * normalisation (names lower-cased, values trimmed, appended values joined by ", ").
 * `refused` tells its own refusal apart from anything else the callback throws.
 */
class HeaderRecorder {
  readonly written = new Map<string, string>();
  refused = false;

  private nameOf(name: string): string {
    const text = String(name);
    if (!TOKEN.test(text)) this.refuse();
    return text.toLowerCase();
  }

  private valueOf(value: string): string {
    const text = String(value).replace(EDGE_WHITESPACE, "");
    if (REFUSED_IN_VALUE.test(text)) this.refuse();
    return text;
  }

  // The value is never quoted: it is the credential.
  private refuse(): never {
    this.refused = true;
    throw new TypeError("Not a valid header name or value.");
  }

  set(name: string, value: string): void {
    this.written.set(this.nameOf(name), this.valueOf(value));
  }

  append(name: string, value: string): void {
    const key = this.nameOf(name);
    const text = this.valueOf(value);
    const before = this.written.get(key);
    this.written.set(key, before === undefined ? text : `${before}, ${text}`);
  }

  delete(name: string): void {
    this.written.delete(this.nameOf(name));
  }

  has(name: string): boolean {
    return this.written.has(this.nameOf(name));
  }

  get(name: string): string | null {
    return this.written.get(this.nameOf(name)) ?? null;
  }
}

/**
 * What writing the credential gave: the headers, or why not — a name or value HTTP refuses, or
 * the callback threw for its own reason (only the error's name is kept: its message may quote
 * the credential).
 */
export type CredentialCheck = { readonly headers: [string, string][] } | { readonly problem: "refused" } | { readonly problem: "threw"; readonly errorName: string };

/** A `Headers` that notes when it refuses a name or value, told apart from the callback's own throws. */
function watchedHeaders(): { headers: Headers; refused: () => boolean } {
  let refused = false;
  const watch = <A extends unknown[], R>(write: (...args: A) => R) =>
    function (this: Headers, ...args: A): R {
      try {
        return write.apply(this, args);
      } catch (error) {
        refused = true;
        throw error;
      }
    };
  const headers = new Headers();
  for (const method of ["set", "append", "delete", "has", "get"] as const) {
    Object.defineProperty(headers, method, { value: watch(Headers.prototype[method] as (...args: unknown[]) => unknown) });
  }
  return { headers, refused: () => refused };
}

/** The name of what a callback threw, when it is a plain identifier (anything else could be data). */
function errorNameOf(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined;
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,39}$/.test(name) ? name : "Error";
}

/**
 * Runs `authenticate` once and reports the headers it writes, as `[name, value]` pairs the way
 * `Headers` would hold them, or why it cannot write them. Recorded without `Headers` when the
 * callback only uses set/append/delete/has/get: in Node the first `new Headers()` of a process
 * loads undici (15–25 ms), too much to pay for making a client.
 */
export function checkCredential(authenticate: (headers: Headers) => void): CredentialCheck {
  const recorder = new HeaderRecorder();
  try {
    authenticate(recorder as unknown as Headers);
    return { headers: [...recorder.written] };
  } catch {
    if (recorder.refused) return { problem: "refused" };
  }
  // It threw for another reason (it may use a part of Headers the recorder lacks): ask Headers,
  // then hold its values to what fetch sends (Headers takes control characters fetch refuses).
  const watched = watchedHeaders();
  try {
    authenticate(watched.headers);
  } catch (error) {
    return watched.refused() ? { problem: "refused" } : { problem: "threw", errorName: errorNameOf(error) };
  }
  const headers = [...watched.headers];
  return headers.some(([, value]) => REFUSED_IN_VALUE.test(value)) ? { problem: "refused" } : { headers };
}

/**
 * The headers `authenticate` writes (see {@link checkCredential}), or `undefined` when it cannot
 * write them (a name or value HTTP refuses, or the callback threw).
 */
export function credentialHeaders(authenticate: (headers: Headers) => void): [string, string][] | undefined {
  const check = checkCredential(authenticate);
  return "headers" in check ? check.headers : undefined;
}
