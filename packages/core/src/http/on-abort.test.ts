import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { onAbort, untilAborted } from "./on-abort.js";

describe("onAbort", () => {
  it("shares one real abort listener among all subscriptions and calls each with the reason", () => {
    const controller = new AbortController();
    const calls: unknown[] = [];
    for (let i = 0; i < 50; i++) onAbort(controller.signal, (reason) => calls.push(reason));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    const reason = new Error("stop");
    controller.abort(reason);
    expect(calls).toHaveLength(50);
    expect(calls.every((r) => r === reason)).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("removes the real listener when the last subscription ends, and adds a new one after", () => {
    const controller = new AbortController();
    const a = vi.fn();
    const b = vi.fn();
    const offA = onAbort(controller.signal, a);
    const offB = onAbort(controller.signal, b);
    offA();
    offA(); // idempotent: must not remove b
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    offB();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    const c = vi.fn();
    onAbort(controller.signal, c);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
    expect(c).toHaveBeenCalledTimes(1);
  });

  it("keeps the same function subscribed twice as two subscriptions", () => {
    const controller = new AbortController();
    const listener = vi.fn();
    const off = onAbort(controller.signal, listener);
    onAbort(controller.signal, listener);
    off();
    controller.abort();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("does not call a listener unsubscribed by an earlier one during the abort", () => {
    const controller = new AbortController();
    const later = vi.fn();
    let offLater = () => {};
    onAbort(controller.signal, () => offLater());
    offLater = onAbort(controller.signal, later);
    controller.abort();
    expect(later).not.toHaveBeenCalled();
  });

  it("on an already aborted signal subscribes nothing, calls nothing and returns a no-op", () => {
    const signal = AbortSignal.abort();
    const listener = vi.fn();
    const off = onAbort(signal, listener);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(listener).not.toHaveBeenCalled();
    expect(() => off()).not.toThrow();
  });
});

describe("untilAborted", () => {
  it("settles as the promise does and leaves no listener behind", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error("load failed")), signal)).rejects.toThrow("load failed");
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("rejects with the reason as soon as the signal aborts, while the promise runs on", async () => {
    const controller = new AbortController();
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const waits = [untilAborted(work, controller.signal), untilAborted(work, controller.signal)];
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("caller gave up"));
    for (const wait of waits) await expect(wait).rejects.toThrow("caller gave up");
    finish("done");
    await expect(work).resolves.toBe("done");
  });

  it("is the promise itself without a signal, and rejects at once for an aborted one", async () => {
    const work = Promise.resolve(1);
    expect(untilAborted(work, undefined)).toBe(work);
    await expect(untilAborted(work, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});
