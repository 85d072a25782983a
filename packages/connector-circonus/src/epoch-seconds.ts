import { InvalidInputError, describeReceived } from "@toolweave/core";

/** Whole epoch seconds from a caller's time (a Date or epoch seconds); an invalid Date, NaN or a negative time is refused by name. */
export function epochSeconds(value: unknown, name: string, operation: string): number {
  const seconds = value instanceof Date ? value.getTime() / 1000 : value;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidInputError(`Circonus ${operation}: ${name} is not a valid time (got ${describeReceived(value)}).`, {
      provider: "circonus",
      fix: `Pass ${name} as a Date or epoch seconds (a number of 0 or more).`,
    });
  }
  return Math.floor(seconds);
}
