import { redactText } from "./redact.js";

// C0 and C1 control characters (a terminal escape starts with ESC) and the bidirectional
// overrides and isolates that make text read differently from how it is stored (CVE-2021-42574).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a tool's data or a URL made safe to show on one line: every live secret masked
 * (before any cut, so a cut never leaves most of a token behind), control characters and
 * bidirectional overrides replaced by U+FFFD, and cut to `maxLength` characters with an ellipsis
 * (never half a surrogate pair).
 */
export function printableText(text: string, maxLength = Infinity): string {
  const out = redactText(text).replace(UNPRINTABLE, "\uFFFD");
  if (out.length <= maxLength) return out;
  let cut = out.slice(0, Math.max(0, maxLength - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
