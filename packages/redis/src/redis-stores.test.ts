import { createHttpClient, type Stores } from "@toolweave/core";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { startLoopbackApi } from "./test-support/loopback-api.js";
import { dumpAll, waitFor } from "./test-support/use-redis-server.js";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "./testing.js";

const TOKEN_A = "tok_AAAAsecretAAAAsecretAAAAsecret01";
const TOKEN_B = "tok_BBBBsecretBBBBsecretBBBBsecret02";

describe.runIf(requireRedisServer("Redis stores"))("Redis stores", () => {
  let server: RedisServerHandle;
  let admin: Redis;
  let api: Awaited<ReturnType<typeof startLoopbackApi>>;
  const opened: RedisStores[] = [];
  const stores = (options: Partial<Parameters<typeof createRedisStores>[0]> = {}) => {
    // 1 s per command, not the default 250 ms: on a loaded machine a healthy Redis can answer
    // late, and a spurious fallback would break the event lists these tests expect.
    const s = createRedisStores({ url: server.url, commandTimeoutMs: 1_000, minProbeMs: 100, maxProbeMs: 300, ...options });
    opened.push(s);
    return s;
  };
  const client = (token: string, s: Stores, extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
    createHttpClient({
      provider: "circleci",
      baseUrl: api.baseUrl,
      authenticate: (h) => h.set("circle-token", token),
      retry: false,
      stores: s,
      ...extra,
    });

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin.on("error", () => undefined);
    api = await startLoopbackApi();
  });
  afterAll(async () => {
    admin?.disconnect();
    await api?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    api.arrivals.length = 0;
    await admin.flushall();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it("shares GET cache entries between processes of one credential, keeps two credentials apart, and stores no token", async () => {
    const cache = { ttlMs: 60_000 };
    const one = stores();
    const two = stores();
    expect(await client(TOKEN_A, one, { cache }).get({ operation: "me", path: "/me" })).toEqual({ ok: true, path: "/api/me" });
    expect(await client(TOKEN_A, two, { cache }).get({ operation: "me", path: "/me" })).toEqual({ ok: true, path: "/api/me" });
    expect(await client(TOKEN_B, two, { cache }).get({ operation: "me", path: "/me" })).toEqual({ ok: true, path: "/api/me" });
    expect(api.arrivals.map((a) => a.token)).toEqual([TOKEN_A, TOKEN_B]);

    const keys = await admin.keys("*");
    expect(keys.every((k) => k.startsWith("toolweave:{circleci:127.0.0.1:"))).toBe(true);
    // Two credentials: two fingerprints, two key spaces.
    expect(new Set(keys.map((k) => /^toolweave:\{circleci:127\.0\.0\.1:\d+:([0-9a-f]{32})\}:/.exec(k)?.[1])).size).toBe(2);
    const everything = await dumpAll(admin);
    for (const secret of [TOKEN_A, TOKEN_B, "AAAAsecret", "BBBBsecret"]) expect(everything).not.toContain(secret);
  });

  it("does not cache a response larger than maxEntryBytes, and keeps each key space within maxBytes", async () => {
    const s = stores({ cache: { maxEntryBytes: 1_000, maxBytes: 1_500 } });
    const c = client(TOKEN_A, s, { cache: { ttlMs: 60_000 } });
    await c.get({ operation: "big", path: `/${"x".repeat(1_200)}` });
    expect(await admin.keys("*:c:e:*")).toEqual([]);
    // More entries than 1 500 bytes can hold (each is about 170 bytes).
    for (let i = 0; i < 16; i++) await c.get({ operation: "item", path: `/items/${i}` });
    const bytes = Number(await admin.get((await admin.keys("*:c:bytes"))[0]!));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(1_500);
    const entries = await admin.keys("*:c:e:*");
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(16);
  });

  it("frees the in-flight slot of a crashed worker when its lease expires", async () => {
    const settings = { maxConcurrency: 1, requestsPerSecond: Infinity };
    const scope = { provider: "p", origin: "https://x.test", fingerprint: "f", id: "p:x.test:f" };
    const crashed = stores({ leaseMs: 400 });
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    void crashed.throttle.open(scope, settings).run(() => {
      started();
      return new Promise(() => undefined); // never ends: the worker died mid-request
    });
    await running;
    await crashed.close(); // no more renewals
    const survivor = stores();
    expect(await survivor.throttle.open(scope, settings).run(async () => "ran")).toBe("ran");
  });

  it("falls back to local throttling when Redis stops mid-run (one event), loses no request, and returns to Redis after a restart", async () => {
    const events: RedisStoreEvent[] = [];
    const s = stores({ onEvent: (e) => events.push(e) });
    const c = client(TOKEN_A, s, { throttle: { requestsPerSecond: 200, maxConcurrency: 4 } });
    const batch = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => c.get({ operation: "item", path: `/items/${i}` })));
    expect(await batch(10)).toHaveLength(10);
    expect(s.healthy).toBe(true);

    await server.kill();
    expect(await batch(20)).toHaveLength(20);
    expect(await batch(20)).toHaveLength(20);
    expect(events.map((e) => e.type)).toEqual(["fallback"]);
    expect(s.healthy).toBe(false);

    await server.restart();
    await waitFor(() => events.some((e) => e.type === "recovered"), "the recovered event", 10_000);
    expect(await batch(10)).toHaveLength(10);
    expect(events.map((e) => e.type)).toEqual(["fallback", "recovered"]);
    expect(s.healthy).toBe(true);
    // Back on Redis: the shared throttle state exists again.
    expect((await admin.keys("*:t:state")).length).toBe(1);
    expect(api.arrivals).toHaveLength(60);
    for (const e of events) expect(e.message).not.toContain(TOKEN_A);
  });

  it("does not hang requests on a slow Redis (CLIENT PAUSE): they fall back after the command timeout", async () => {
    const events: RedisStoreEvent[] = [];
    const s = stores({ onEvent: (e) => events.push(e) });
    const c = client(TOKEN_A, s, { throttle: { requestsPerSecond: 100 }, cache: { ttlMs: 60_000 } });
    await c.get({ operation: "warm", path: "/warm" });
    const order: string[] = [];
    // Redis holds every client's commands from the moment it has answered this one, so the
    // requests below surely meet a stalled Redis (a DEBUG SLEEP sent on another connection 50 ms
    // earlier might not have started yet on a loaded machine). 10 s is 10x the stores' 1 s
    // command timeout, for the requests to fall back and finish while Redis is still stalled.
    await admin.call("CLIENT", "PAUSE", "10000", "ALL");
    const slow = admin.ping().then(() => order.push("redis answered"));
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => c.get({ operation: "item", path: `/slow/${i}` })));
    order.push("requests done");
    expect(results).toHaveLength(5);
    expect(events.map((e) => e.type)).toEqual(["fallback"]);
    await slow;
    expect(order).toEqual(["requests done", "redis answered"]);
  });

  it("shares a 429 Retry-After pause: a client of another process waits for it too", async () => {
    let refused = false;
    const limited = await startLoopbackApi((req, res) => {
      if (req.url?.endsWith("/first") && !refused) {
        refused = true;
        res.writeHead(429, { "retry-after": "1", "content-type": "application/json" });
        return res.end("{}");
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
    });
    try {
      const mk = (s: Stores) =>
        createHttpClient({ provider: "circleci", baseUrl: limited.baseUrl, authenticate: (h) => h.set("circle-token", TOKEN_A), retry: false, stores: s, throttle: { requestsPerSecond: 50 } });
      const a = mk(stores());
      const b = mk(stores());
      await b.get({ operation: "warm", path: "/warm" });
      await expect(a.get({ operation: "first", path: "/first" })).rejects.toMatchObject({ status: 429 });
      await new Promise((r) => setTimeout(r, 50));
      await b.get({ operation: "second", path: "/second" });
      // Measured from when /first reached the server: the pause began after that (once `a` had
      // read the 429), so a shared pause puts /second at least 1 s later however slow the
      // machine. (Measured from after `a` failed, a slow machine could eat into the second.)
      const first = limited.arrivals.find((x) => x.url.endsWith("/first"))!;
      const second = limited.arrivals.find((x) => x.url.endsWith("/second"))!;
      expect(second.at - first.at).toBeGreaterThanOrEqual(900);
    } finally {
      await limited.close();
    }
  });
});
