import { throwIfCancelled } from "./cancelled.js";
import { AbortedError } from "./errors.js";
import { incompletePart, type IncompletePart } from "./incomplete-part.js";

/** The lookups of one answer, made by {@link incompleteLookups}. */
export interface IncompleteLookups {
  /** The failed lookups, in the order `attempt` was called (not the order they failed). */
  readonly incomplete: IncompletePart[];
  /**
   * Runs one lookup: its value, or `undefined` when it failed — the failure recorded as an
   * incomplete part named `lookup`. The caller's abort is the one failure that rejects (as
   * core's `AbortedError`).
   */
  attempt<T>(lookup: string, run: () => Promise<T>): Promise<T | undefined>;
}

/**
 * Lookups whose failures are reported, not fatal (a page reader learning a resource's keys):
 * each failure becomes an `IncompletePart`, kept in call order so parallel lookups report
 * deterministically; only the caller's abort rejects.
 */
export function incompleteLookups(signal: AbortSignal | undefined, where: { readonly operation: string; readonly provider?: string }): IncompleteLookups {
  const slots: (IncompletePart | undefined)[] = [];
  return {
    get incomplete() {
      return slots.filter((part): part is IncompletePart => part !== undefined);
    },
    async attempt(lookup, run) {
      const slot = slots.push(undefined) - 1;
      try {
        return await run();
      } catch (error) {
        if (signal?.aborted) {
          if (AbortedError.isInstance(error)) throw error;
          throwIfCancelled(signal, where);
        }
        slots[slot] = incompletePart(lookup, error);
        return undefined;
      }
    },
  };
}
