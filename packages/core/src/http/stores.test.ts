import { http, HttpResponse } from "msw";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { runtimeSettingsShape } from "../runtime-settings.js";
import { runStoreSuite, useMswServer } from "../testing.js";
import { createHttpClient } from "./http-client.js";
import { credentialFingerprint, storeScope } from "./credential-fingerprint.js";
import { createMemoryStores } from "./memory-stores.js";
import type { Stores } from "./stores.js";
import { Secret } from "../secret.js";

const BASE = "https://api.stores.test/v2";
const TOKEN_A = "tok_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const TOKEN_B = "tok_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const auth = (token: string) => (headers: Headers) => headers.set("circle-token", token);

runStoreSuite({
  name: "memory stores",
  async open() {
    const stores = createMemoryStores();
    return { a: stores, b: stores, close: async () => undefined };
  },
});

describe("credentialFingerprint", () => {
  it("is a keyed hash: stable for one token, different for two tokens or two keys, never the token", async () => {
    const a1 = await credentialFingerprint(auth(TOKEN_A));
    const a2 = await credentialFingerprint(auth(TOKEN_A));
    const b = await credentialFingerprint(auth(TOKEN_B));
    const keyed = await credentialFingerprint(auth(TOKEN_A), "fleet-secret");
    expect(a1).toMatch(/^[0-9a-f]{32}$/);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(keyed).not.toBe(a1);
    expect(a1).not.toContain("aaaa");
    expect(await credentialFingerprint(undefined)).toBe("anonymous");
  });

  it("scopes by provider, API host and fingerprint, without the token", async () => {
    const scope = await storeScope("circleci", new URL(BASE), auth(TOKEN_A));
    expect(scope.origin).toBe("https://api.stores.test");
    expect(scope.id).toBe(`circleci:api.stores.test:${scope.fingerprint}`);
    expect(JSON.stringify(scope)).not.toContain(TOKEN_A);
  });
});

describe("the stores setting", () => {
  const { server, requests } = useMswServer();
  /**
   * `/items/1` at version 1; POST bumps it. The first GET reads the version on arrival and is
   * held until `letReadFinish()`: an answer read before a write that lands after it.
   */
  const heldFirstRead = () => {
    let version = 1;
    let letReadFinish!: () => void;
    const readHeld = new Promise<void>((resolve) => (letReadFinish = resolve));
    let readStarted!: () => void;
    const readArrived = new Promise<void>((resolve) => (readStarted = resolve));
    let hold = true;
    server.use(
      http.get(`${BASE}/items/1`, async () => {
        const seen = version; // read before the write lands
        if (hold) {
          hold = false;
          readStarted();
          await readHeld;
        }
        return HttpResponse.json({ version: seen });
      }),
      http.post(`${BASE}/items/1`, () => ((version += 1), HttpResponse.json({}))),
    );
    return { readArrived, letReadFinish };
  };
  const client = (token: string, stores: Stores) =>
    createHttpClient({ provider: "stores", baseUrl: BASE, authenticate: auth(token), cache: { ttlMs: 60_000 }, stores });

  it("is a runtime setting connectors accept", () => {
    const schema = z.strictObject(runtimeSettingsShape);
    expect(schema.parse({ stores: createMemoryStores() }).stores).toBeDefined();
    expect(schema.safeParse({ stores: { throttle: 1 } }).success).toBe(false);
  });

  it("shares cache entries between clients of one credential, never between two credentials", async () => {
    server.use(http.get(`${BASE}/me`, ({ request }) => HttpResponse.json({ token: request.headers.get("circle-token")!.slice(4, 5) })));
    const stores = createMemoryStores();
    const first = await client(TOKEN_A, stores).get({ operation: "me", path: "/me" });
    const second = await client(TOKEN_A, stores).get({ operation: "me", path: "/me" });
    const other = await client(TOKEN_B, stores).get({ operation: "me", path: "/me" });
    expect([first, second, other]).toEqual([{ token: "a" }, { token: "a" }, { token: "b" }]);
    expect(requests).toHaveLength(2);
  });

  it("never keeps an answer read before another client's write (the race: B reads, A writes, B's answer lands)", async () => {
    const { readArrived, letReadFinish } = heldFirstRead();
    const stores = createMemoryStores();
    const a = client(TOKEN_A, stores);
    const b = client(TOKEN_A, stores);
    const bRead = b.get({ operation: "get", path: "/items/1" });
    await readArrived;
    await a.request({ operation: "post", method: "POST", path: "/items/1", body: {} });
    letReadFinish();
    expect(await bRead).toEqual({ version: 1 }); // B's own answer is what the server said then
    // …but it is not kept: A's read after its own write sees the write, and so does B's next read.
    expect(await a.get({ operation: "get", path: "/items/1" })).toEqual({ version: 2 });
    expect(await b.get({ operation: "get", path: "/items/1" })).toEqual({ version: 2 });
  });

  it("does not let a GET started after this client's own write join a load that began before it", async () => {
    const { readArrived, letReadFinish } = heldFirstRead();
    // Merging identical GETs happens in the client's own cache whatever the store: one client shows it.
    const c = createHttpClient({ provider: "stores", baseUrl: BASE, authenticate: auth(TOKEN_A), cache: { ttlMs: 60_000 } });
    const early = c.get({ operation: "get", path: "/items/1" });
    await readArrived;
    await c.request({ operation: "post", method: "POST", path: "/items/1", body: {} });
    const late = c.get({ operation: "get", path: "/items/1" });
    letReadFinish();
    expect(await early).toEqual({ version: 1 }); // asked before the write: what the server said then
    expect(await late).toEqual({ version: 2 }); // asked after the write: a load of its own
    expect(await c.get({ operation: "get", path: "/items/1" })).toEqual({ version: 2 });
  });

  it("keeps neither the credential's headers nor a registered secret echoed in a response header in a store", async () => {
    const secret = new Secret(TOKEN_A);
    server.use(
      http.get(`${BASE}/echo`, () =>
        HttpResponse.json(
          { ok: true },
          { headers: { "circle-token": TOKEN_A, "x-debug": `token=${TOKEN_A}`, "set-cookie": "session=abc", "x-total-count": "7" } },
        ),
      ),
    );
    const kept: Headers[] = [];
    const memory = createMemoryStores();
    const recording: Stores = {
      cache: {
        open(scope, settings) {
          const space = memory.cache.open(scope, settings);
          return { ...space, set: (key, value, ttl, since) => (kept.push(value.headers), space.set(key, value, ttl, since)) };
        },
      },
    };
    const c = createHttpClient({ provider: "stores", baseUrl: BASE, authenticate: (h) => h.set("circle-token", secret.reveal()), cache: { ttlMs: 60_000 }, stores: recording });
    await c.get({ operation: "echo", path: "/echo" });
    expect(kept).toHaveLength(1);
    const stored = Object.fromEntries(kept[0]!);
    expect(JSON.stringify(stored)).not.toContain(TOKEN_A);
    expect(stored["circle-token"]).toBeUndefined();
    expect(stored["set-cookie"]).toBeUndefined();
    expect(stored["x-total-count"]).toBe("7");
    expect(stored["x-debug"]).toMatch(/^token=/);
  });

  it("invalidates a shared cache entry after a write through another client", async () => {
    let version = 1;
    server.use(
      http.get(`${BASE}/items/1`, () => HttpResponse.json({ version })),
      http.put(`${BASE}/items/1`, () => ((version += 1), HttpResponse.json({}))),
    );
    const stores = createMemoryStores();
    expect(await client(TOKEN_A, stores).get({ operation: "get", path: "/items/1" })).toEqual({ version: 1 });
    await client(TOKEN_A, stores).request({ operation: "put", method: "PUT", path: "/items/1", body: {} });
    expect(await client(TOKEN_A, stores).get({ operation: "get", path: "/items/1" })).toEqual({ version: 2 });
  });

  it("never loses a request when a store fails: a throwing throttle store or a rejecting cache falls back to memory", async () => {
    server.use(
      http.get(`${BASE}/ok`, () => HttpResponse.json({ ok: true })),
      http.delete(`${BASE}/ok`, () => new HttpResponse(null, { status: 204 })),
    );
    const broken: Stores = {
      throttle: {
        open() {
          throw new Error("store down");
        },
      },
      cache: {
        open: () => ({
          get: () => Promise.reject(new Error("store down")),
          generation: () => Promise.reject(new Error("store down")),
          set: () => Promise.reject(new Error("store down")),
          invalidate: () => Promise.reject(new Error("store down")),
        }),
      },
    };
    const c = client(TOKEN_A, broken);
    expect(await c.get({ operation: "ok", path: "/ok" })).toEqual({ ok: true });
    expect(await c.get({ operation: "ok", path: "/ok" })).toEqual({ ok: true });
    await c.request({ operation: "write", method: "DELETE", path: "/ok" });
    expect(requests.map((r) => r.method)).toEqual(["GET", "GET", "DELETE"]);
  });
});
