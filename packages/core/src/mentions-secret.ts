import { redactText } from "./redact.js";

/**
 * Whether `text` holds the value of a live `Secret`: true when {@link redactText} would change
 * the text, its lower-case form or its upper-case form.
 *
 * Redaction matches registered values case-insensitively, but only by the simple case folding
 * of regular expressions: a name spelling a token with a look-alike character that
 * `toLowerCase()` or `toUpperCase()` turns into the token's own letter (the Kelvin sign U+212A
 * becomes `k`, the dotless i U+0131 becomes `I`) is not matched as written, yet would be once a
 * suggestion lower-cases it. Checking all three forms covers both.
 *
 * Use it before deriving anything from a name read from a server (a rename suggestion, a slug):
 * such a derivation lower-cases, re-hyphenates or cuts the value into a form redaction no
 * longer recognises, so a name that mentions a secret must not be transformed at all.
 */
export function mentionsSecret(text: string): boolean {
  if (typeof text !== "string") return false;
  return [text, text.toLowerCase(), text.toUpperCase()].some((form) => redactText(form) !== form);
}
