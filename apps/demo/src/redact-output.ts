import { isSensitiveParameter, redactText, redactUrl } from "@toolweave/core";

/**
 * The one redaction of everything the demo prints, serves or writes to another tool. A tool's
 * data can carry a secret this process holds (a token pasted into a commit message, an alert's
 * link with `?token=`): core's registry of live secrets masks every registered value, and
 * `redactUrl` masks a URL's sensitive query parameters and user-info, as errors already are.
 */

/** http(s) URLs inside text: up to a space, quote, angle bracket, backslash or ANSI escape; trailing punctuation left out. */
const URL_IN_TEXT = /https?:\/\/[^\s"'<>`\\\u001b]*[^\s"'<>`\\\u001b.,;:!?)\]}]/gi;

/** The URL with its secrets masked, or unchanged (not re-serialised) when it has none. */
function scrubUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const sensitive = url.username !== "" || url.password !== "" || [...url.searchParams.keys()].some(isSensitiveParameter);
  return sensitive ? redactUrl(url) : text;
}

/** Text with every live secret masked, and the sensitive parts of any URL in it. */
export function redactString(text: string): string {
  return redactText(text.includes("://") ? text.replace(URL_IN_TEXT, scrubUrl) : text);
}

/**
 * A value as JSON would carry it, with every string (and key) passed through
 * {@link redactString}. Objects with `toJSON` (a `Date`, a `Secret`) are read as JSON reads them.
 * Only what changes is copied, so a large answer is not duplicated in memory.
 */
export function redactOutput<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return value;
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === "function") {
    const plain: unknown = json.call(value);
    const redacted = redactValue(plain);
    return redacted === plain ? value : redacted;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const redacted = redactValue(item);
      if (redacted !== item) (copy ??= value.slice())[i] = redacted;
    });
    return copy ?? value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = redactString(key);
    const redacted = redactValue(inner);
    if (name !== key || redacted !== inner) changed = true;
    out[name] = redacted;
  }
  return changed ? out : value;
}

// What a terminal acts on rather than prints: C0/C1 controls but tab, newline and carriage return
// (the progress line), a lone ESC (clear screen, OSC-8 links, title changes), and the bidi
// overrides and isolates (CVE-2021-42574). The painter's own colours (SGR, `ESC[…m`) are kept.
const TERMINAL_CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text a terminal shows as it reads: tool data cannot clear the screen, hide a link or reorder a line. */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_CONTROL, (match) => (match.length > 1 ? match : "\uFFFD"));
}

/** A stream whose every write is redacted ({@link redactString}) and terminal-safe ({@link terminalText}): the CLI's text output. */
export function redactingStream<S extends { write(text: string): unknown; isTTY?: boolean }>(stream: S): { write(text: string): unknown; readonly isTTY?: boolean } {
  return {
    // Everything the CLI prints: secrets masked, then made safe for a terminal.
    write: (text: string) => stream.write(terminalText(redactString(text))),
    get isTTY() {
      return stream.isTTY;
    },
  };
}
