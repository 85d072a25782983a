/**
 * ISO date of an epoch in seconds, or `undefined` when there is none or it lies outside the
 * range a JavaScript `Date` can hold (±8.64e15 ms): the spec types these epochs as plain
 * integers, so any value may arrive, and one date must not crash the whole answer.
 */
export function epochIso(value: number | null | undefined): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
