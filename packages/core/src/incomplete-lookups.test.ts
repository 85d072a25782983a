import { describe, expect, it } from "vitest";
import { AbortedError, NetworkError } from "./errors.js";
import { incompleteLookups } from "./incomplete-lookups.js";

describe("incompleteLookups", () => {
  it("records failures as incomplete parts in call order, whichever failed first", async () => {
    const lookups = incompleteLookups(undefined, { operation: "pages.read", provider: "x" });
    let failFirst!: (e: unknown) => void;
    const first = lookups.attempt("first", () => new Promise((_, reject) => (failFirst = reject)));
    const second = lookups.attempt("second", async () => {
      throw new NetworkError("down");
    });
    const third = lookups.attempt("third", async () => 3);
    await second;
    failFirst(new NetworkError("slow"));
    expect([await first, await third]).toEqual([undefined, 3]);
    expect(lookups.incomplete.map((p) => [p.lookup, p.error.message])).toEqual([
      ["first", "slow"],
      ["second", "down"],
    ]);
  });

  it("rejects only for the caller's abort, as an AbortedError", async () => {
    const controller = new AbortController();
    const lookups = incompleteLookups(controller.signal, { operation: "pages.read", provider: "x" });
    controller.abort(new Error("went away"));
    await expect(lookups.attempt("one", async () => Promise.reject(new Error("aborted fetch")))).rejects.toSatisfy((e) => AbortedError.isInstance(e));
    expect(lookups.incomplete).toEqual([]);
  });
});
