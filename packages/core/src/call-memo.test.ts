import { describe, expect, it } from "vitest";
import { createCallMemo, isCallMemo, memoize } from "./call-memo.js";
import { AbortedError, ServiceError } from "./errors.js";

/** A call whose answer the test gives when it wants, counting how often it was started. */
function deferredCall<T>() {
  let starts = 0;
  const pending: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const run = () => {
    starts += 1;
    return new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { run, starts: () => starts, pending };
}

describe("CallMemo", () => {
  it("runs a call once per key and scope among the calls sharing it; without a memo every call runs", async () => {
    const memo = createCallMemo();
    const scope = {};
    let runs = 0;
    const run = async () => ({ n: ++runs });
    const [a, b] = await Promise.all([memoize(memo, scope, "k", run), memoize(memo, scope, "k", run)]);
    expect(a).toBe(b);
    expect(await memoize(memo, scope, "k", run)).toBe(a);
    expect(runs).toBe(1);
    // Another key, another scope (another client), another memo (another answer): their own runs.
    await memoize(memo, scope, "other", run);
    await memoize(memo, {}, "k", run);
    await memoize(createCallMemo(), scope, "k", run);
    expect(runs).toBe(4);
    await memoize(undefined, scope, "k", run);
    await memoize(undefined, scope, "k", run);
    expect(runs).toBe(6);
  });

  it("keeps a failure: it is not run again, and every caller gets the same error", async () => {
    const memo = createCallMemo();
    let runs = 0;
    const failure = new ServiceError("CircleCI answered 503.", { provider: "circleci", status: 503, isRetryable: true });
    const run = async () => {
      runs += 1;
      throw failure;
    };
    await expect(memoize(memo, memo, "k", run)).rejects.toBe(failure);
    await expect(memoize(memo, memo, "k", run)).rejects.toBe(failure);
    expect(runs).toBe(1);
  });

  it("never hands one caller's abort to another: the other starts the call again under its own signal", async () => {
    const memo = createCallMemo();
    const call = deferredCall<string>();
    const first = new AbortController();
    const second = new AbortController();
    const a = memoize(memo, memo, "k", call.run, { signal: first.signal });
    const b = memoize(memo, memo, "k", call.run, { signal: second.signal });
    expect(call.starts()).toBe(1);
    first.abort();
    call.pending[0]!.reject(new AbortedError("cancelled", { provider: "circleci" }));
    await expect(a).rejects.toBeInstanceOf(AbortedError);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(call.starts()).toBe(2);
    call.pending[1]!.resolve("answer");
    await expect(b).resolves.toBe("answer");
    // The answer made under the second signal is kept for later callers.
    await expect(memoize(memo, memo, "k", call.run)).resolves.toBe("answer");
    expect(call.starts()).toBe(2);
  });

  it("ends a caller's wait on another's call when its own signal aborts, leaving that call running", async () => {
    const memo = createCallMemo();
    const call = deferredCall<string>();
    const waiter = new AbortController();
    const owner = memoize(memo, memo, "k", call.run);
    const waiting = memoize(memo, memo, "k", call.run, { signal: waiter.signal, operation: "listPipelines", provider: "circleci" });
    waiter.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).message).toMatch(/^circleci listPipelines: cancelled by the caller's signal\./);
    call.pending[0]!.resolve("answer");
    await expect(owner).resolves.toBe("answer");
    expect(call.starts()).toBe(1);
  });

  it("is recognised by isCallMemo, and nothing else is", () => {
    expect(isCallMemo(createCallMemo())).toBe(true);
    expect(isCallMemo({ kind: "toolweave.call-memo" })).toBe(false);
    expect(isCallMemo(new Map())).toBe(false);
    expect(isCallMemo(undefined)).toBe(false);
    expect(JSON.stringify(createCallMemo())).toBe('{"kind":"toolweave.call-memo"}');
  });
});
