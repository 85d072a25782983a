/** Exit codes of the demo CLI (documented in the README). */
export const EXIT = {
  /** Everything worked (and `audit` found nothing). */
  ok: 0,
  /** A provider failed, or `audit` found problems. */
  problems: 1,
  /** Usage or configuration error: nothing was queried. */
  usage: 2,
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}
