/** Exit codes of the demo CLI (documented in the README). */
export const EXIT = {
  /** Everything worked (and `audit` found nothing). */
  ok: 0,
  /** A provider failed, or `audit` found problems. */
  problems: 1,
  /** Usage or configuration error: nothing was queried. */
  usage: 2,
  /** Every provider answered, but a part of the answer could not be looked at (see `incomplete`). */
  incomplete: 3,
  /**
   * `annotate --apply` stopped part way: some annotations were written (listed with their ids),
   * then a write failed (the error, and what was not written, are listed). Running it again
   * writes the rest: the written ones are recognised by their markers.
   */
  partialWrite: 4,
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}
