import { cutShortPart, incompletePart, limitPart, type IncompletePart } from "@toolweave/core";
import type { FoundList } from "./ports.js";

/**
 * The searches of one `find` or `events` call: each `attempt` returns its items, records a list
 * cut short or capped as an incomplete part (worded by `cap`), and a failed search as one too
 * (unless the caller aborted). `throwIfAllFailed` rejects with the first error when every search
 * started failed: then there is nothing to report.
 */
export function searchLookups(signal: AbortSignal | undefined, cap: { capped: (n: number) => string; fix: string }) {
  const incomplete: IncompletePart[] = [];
  const errors: unknown[] = [];
  let started = 0;
  return {
    incomplete,
    async attempt<T>(lookup: string, run: () => Promise<T[] | FoundList<T>>): Promise<T[]> {
      started += 1;
      try {
        const found = await run();
        if (Array.isArray(found)) return found;
        if (found.truncated) incomplete.push(cutShortPart(lookup, found.items.length, found.truncated.reason));
        else if (found.capped !== undefined) incomplete.push(limitPart(lookup, found.capped, cap.capped(found.capped), cap.fix));
        return found.items;
      } catch (error) {
        if (signal?.aborted) throw error;
        errors.push(error);
        incomplete.push(incompletePart(lookup, error));
        return [];
      }
    },
    throwIfAllFailed(): void {
      if (started > 0 && errors.length === started) throw errors[0];
    },
  };
}
