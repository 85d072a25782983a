import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AbortedError, ToolweaveError } from "./errors.js";
import { createHttpClient } from "./http/http-client.js";
import { TtlCache } from "./http/ttl-cache.js";
import { paginate } from "./paginate.js";
import { Secret } from "./secret.js";
import { useMswServer } from "./testing.js";

// Found by attacking the runtime with hostile servers and odd secrets: a secret as a record's
// key, a secret echoed with JSON's "\/" escapes, a secret in a form-encoded query value, an
// abort between pages, and a TTL across a wall-clock step.

const BASE = "https://api.hostile.test/v1";
const TOKEN = "tok_EEEEsecretEEEEsecretEEEEsecret05";

/** Every place an error can carry text, as one string. */
const everything = (error: unknown): string => {
  const e = error as ToolweaveError;
  return [e.message, e.fix, JSON.stringify(e), String(e.stack), JSON.stringify(e.details ?? {}), JSON.stringify(e.request ?? {})].join("\n");
};

describe("hostile data", () => {
  const { server } = useMswServer();
  const secrets: Secret[] = [];
  const client = (token: string) => {
    const secret = new Secret(token);
    secrets.push(secret);
    return createHttpClient({ provider: "hostile", baseUrl: BASE, authenticate: (h) => h.set("x-token", secret.reveal()), retry: false });
  };
  afterEach(() => {
    secrets.length = 0;
  });

  it("does not show a secret that a server put in a field name (a record's key) in a validation error", async () => {
    server.use(http.get(`${BASE}/jobs`, () => HttpResponse.json({ items: [{ requires: { [TOKEN]: 42 } }] })));
    const schema = z.object({ items: z.array(z.object({ requires: z.record(z.string(), z.array(z.string())) })) });
    const error = await client(TOKEN).get({ operation: "listJobs", path: "jobs", schema }).catch((e: unknown) => e);
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(everything(error)).not.toContain(TOKEN);
    expect(JSON.stringify((error as ToolweaveError).details)).toMatch(/requires\./);
  });

  it("does not show a secret echoed with JSON's escaped slashes in an error body", async () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    server.use(http.get(`${BASE}/me`, () => new HttpResponse(`{"msg":"bad key ${secret.replaceAll("/", "\\/")}"}`, { status: 500, headers: { "content-type": "application/json" } })));
    const error = await client(secret).get({ operation: "me", path: "me" }).catch((e: unknown) => e);
    expect(ToolweaveError.isInstance(error)).toBe(true);
    for (const piece of secret.split("/")) expect(everything(error)).not.toContain(piece);
  });

  it("does not show a secret sent as a form-encoded query value", async () => {
    const secret = "correct horse~battery(staple)!";
    server.use(http.get(`${BASE}/search`, () => HttpResponse.json({ message: "nope" }, { status: 400 })));
    const error = await client(secret)
      .get({ operation: "search", path: "search", query: { q: secret } })
      .catch((e: unknown) => e);
    expect(ToolweaveError.isInstance(error)).toBe(true);
    const text = everything(error);
    expect(text).not.toContain(new URLSearchParams({ q: secret }).toString().slice(2));
    expect(decodeURIComponent(text.replaceAll("+", " "))).not.toContain(secret);
  });

  it("rejects a paginated list with an AbortedError, never the raw reason, when aborted before or between pages", async () => {
    const list = (signal: AbortSignal, onPage?: () => void) =>
      paginate<{ items: number[]; next?: string }, number>({
        operation: "listNumbers",
        provider: "hostile",
        signal,
        fetchPage: async (cursor) => {
          onPage?.();
          return cursor === undefined ? { items: [1], next: "a" } : { items: [2] };
        },
        items: (p) => p.items,
        nextCursor: (p) => p.next,
      });
    const before = new AbortController();
    before.abort(new Error("stop"));
    const early = await list(before.signal).toArray().catch((e: unknown) => e);
    expect(AbortedError.isInstance(early)).toBe(true);
    expect((early as AbortedError).kind).toBe("aborted");
    const between = new AbortController();
    const late = await list(between.signal, () => between.abort(new DOMException("gone", "AbortError")))
      .toArray()
      .catch((e: unknown) => e);
    expect(AbortedError.isInstance(late)).toBe(true);
  });
});

describe("the GET cache across a wall-clock step", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires an entry after its TTL even when the wall clock steps back an hour", async () => {
    vi.useFakeTimers();
    const cache = new TtlCache<string>(1_000);
    await cache.get("k", async () => "first");
    vi.setSystemTime(Date.now() - 3_600_000); // Date jumps back; the monotonic clock does not
    vi.advanceTimersByTime(2_000);
    expect((await cache.get("k", async () => "second")).value).toBe("second");
  });

  it("keeps an entry for its TTL when the wall clock steps forward an hour", async () => {
    vi.useFakeTimers();
    const cache = new TtlCache<string>(60_000);
    await cache.get("k", async () => "first");
    vi.setSystemTime(Date.now() + 3_600_000);
    expect((await cache.get("k", async () => "second")).value).toBe("first");
  });
});
