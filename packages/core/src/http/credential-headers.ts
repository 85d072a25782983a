export const CREDENTIAL_FIX =
  "Check the token: it must be the token alone, without spaces, line breaks, NUL or other control characters (copy it again from the provider's settings page).";

/** A header name: an HTTP token (RFC 9110 §5.6.2), as `Headers` requires. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** The whitespace `Headers` trims from both ends of a value before checking it. */
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** What `Headers` refuses in a trimmed value: NUL, CR, LF, and any code point above 0xFF (not a byte). */
const REFUSED_IN_VALUE = /[\0\n\r\u0100-\uffff]/;

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
 * The headers `authenticate` writes, as `[name, value]` pairs the way `Headers` would hold them,
 * or `undefined` when it cannot write them (a name or value HTTP refuses, or the callback threw).
 * Recorded without `Headers` when the callback only uses set/append/delete/has/get: in Node the
 * first `new Headers()` of a process loads undici (15–25 ms), too much to pay for making a client.
 */
export function credentialHeaders(authenticate: (headers: Headers) => void): [string, string][] | undefined {
  const recorder = new HeaderRecorder();
  try {
    authenticate(recorder as unknown as Headers);
    return [...recorder.written];
  } catch {
    if (recorder.refused) return undefined;
  }
  // It threw for another reason (it may use a part of Headers the recorder lacks): ask Headers.
  try {
    const headers = new Headers();
    authenticate(headers);
    return [...headers];
  } catch {
    return undefined;
  }
}
