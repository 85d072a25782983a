import { redactExcerpt } from "@toolweave/core";

/**
 * A caller's value quoted for a message: secrets masked before it is cut to `max` characters
 * (a cut must never leave part of a token), whitespace kept as typed since it may be the problem.
 */
export function quoteInput(text: string, max = 40): string {
  return JSON.stringify(redactExcerpt(text, max, { foldWhitespace: false }));
}
