import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { createHttpClient, Secret, type HttpClient } from "@toolweave/core";
import { Redis } from "ioredis";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { startLoopbackApi } from "./test-support/loopback-api.js";
import { dumpAll, useRedisServer } from "./test-support/use-redis-server.js";
import { requireRedisServer, startRedisServer } from "./testing.js";

const WORKER = fileURLToPath(new URL("./test-support/cache-worker.mjs", import.meta.url));
const BUILT = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const TOKEN = "tok_CCCCsecretCCCCsecretCCCCsecret03";

/** The GET of one worker process (its own Redis stores), as it answered. */
function workerGet(env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [WORKER], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`worker failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout));
    });
  });
}

describe.runIf(requireRedisServer("Redis cache integrity"))("Redis cache: writes, memory and secrets", () => {
  const redis = useRedisServer();
  const stores = (events?: RedisStoreEvent[]) =>
    redis.track(createRedisStores({ url: redis.server.url, commandTimeoutMs: 2_000, minProbeMs: 100, maxProbeMs: 300, ...(events ? { onEvent: (e) => events.push(e) } : {}) }));
  const api = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => redis.track(await startLoopbackApi(handle));
  const client = (baseUrl: string, s: RedisStores): HttpClient =>
    createHttpClient({ provider: "circleci", baseUrl, authenticate: (h) => h.set("circle-token", TOKEN), retry: false, cache: { ttlMs: 600_000 }, stores: s });

  beforeAll(() => {
    if (!existsSync(BUILT)) throw new Error("dist/index.js is missing: build @toolweave/redis first (turbo runs its build before its tests).");
  });
  afterEach(async () => {
    await redis.admin.config("SET", "maxmemory", "0");
    await redis.admin.config("SET", "maxmemory-policy", "noeviction");
  });

  it("never keeps an answer another process read before this process's write", async () => {
    let version = 1;
    let held: (() => void) | undefined;
    let arrived!: () => void;
    const readArrived = new Promise<void>((resolve) => (arrived = resolve));
    const served = await api((req, res) => {
      if (req.method === "POST") {
        version += 1;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      const seen = version; // what the server holds when the read arrives
      const answer = () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ version: seen }));
      if (held === undefined && seen === 1) {
        held = answer;
        arrived();
      } else answer();
    });
    // The worker's GET arrives and is held; this process writes; then the worker's (old) answer goes out.
    const worker = workerGet({ REDIS_URL: redis.server.url, API_URL: served.baseUrl, API_TOKEN: TOKEN, ITEM_PATH: "/items/1" });
    await readArrived;
    const mine = client(served.baseUrl, stores());
    await mine.request({ operation: "write", method: "POST", path: "/items/1", body: {} });
    held!();
    expect(await worker).toEqual({ version: 1 });
    // This process's read after its own completed write sees the write — so does another process.
    expect(await mine.get({ operation: "item", path: "/items/1" })).toEqual({ version: 2 });
    expect(await workerGet({ REDIS_URL: redis.server.url, API_URL: served.baseUrl, API_TOKEN: TOKEN, ITEM_PATH: "/items/1" })).toEqual({ version: 2 });
  });

  it("applies a write made while Redis was down before Redis is read again", async () => {
    const persistent = await startRedisServer({ persistence: true });
    try {
      let version = 1;
      const served = await api((req, res) => {
        if (req.method === "POST") version += 1;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ version }));
      });
      const events: RedisStoreEvent[] = [];
      const s = createRedisStores({ url: persistent.url, commandTimeoutMs: 2_000, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e) });
      redis.track(s);
      const c = client(served.baseUrl, s);
      expect(await c.get({ operation: "item", path: "/items/1" })).toEqual({ version: 1 });
      await persistent.kill();
      // The write goes out while Redis is down: its invalidation cannot reach Redis yet.
      await c.request({ operation: "write", method: "POST", path: "/items/1", body: {} });
      await persistent.restart();
      const until = Date.now() + 20_000;
      while (!s.healthy && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(s.healthy).toBe(true);
      // The entry cached before the outage (still in Redis: persistence) is not served.
      expect(await c.get({ operation: "item", path: "/items/1" })).toEqual({ version: 2 });
      expect(events.map((e) => e.type)).toContain("recovered");
    } finally {
      await persistent.stop();
    }
  });

  it("does not cache in a Redis that would refuse the app's writes when full (maxmemory with noeviction)", async () => {
    await redis.admin.config("SET", "maxmemory", String(6 * 1024 * 1024));
    await redis.admin.config("SET", "maxmemory-policy", "noeviction");
    const body = JSON.stringify({ blob: "x".repeat(200_000) });
    const served = await api((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    const events: RedisStoreEvent[] = [];
    const c = client(served.baseUrl, stores(events));
    for (let i = 0; i < 40; i++) await c.get({ operation: "item", path: `/items/${i}` });
    // The app's own writes (a queue's LPUSH) keep working: the cache took no room.
    const usedMemory = Number(/used_memory:(\d+)/.exec(await redis.admin.info("memory"))![1]);
    expect(usedMemory).toBeLessThan(3 * 1024 * 1024);
    for (let i = 0; i < 10; i++) await expect(redis.admin.lpush("app:queue", "y".repeat(200_000))).resolves.toBeGreaterThan(0);
    expect(events.filter((e) => e.type === "cache-off")).toHaveLength(1);
    expect(events.find((e) => e.type === "cache-off")?.message).toMatch(/noeviction/);
    expect(events.filter((e) => e.type === "fallback")).toEqual([]);
    // Nothing is cached, not even in this process (only Redis could tell it of another's write).
    const before = served.arrivals.length;
    await c.get({ operation: "item", path: "/items/0" });
    expect(served.arrivals.length).toBe(before + 1);
  });

  it("caches in Redis as usual with an evicting policy", async () => {
    await redis.admin.config("SET", "maxmemory", String(64 * 1024 * 1024));
    await redis.admin.config("SET", "maxmemory-policy", "volatile-lru");
    const served = await api((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
    const events: RedisStoreEvent[] = [];
    await client(served.baseUrl, stores(events)).get({ operation: "item", path: "/items/1" });
    await client(served.baseUrl, stores()).get({ operation: "item", path: "/items/1" });
    expect(served.arrivals).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it("writes no header or body that echoes the token into Redis", async () => {
    const secret = new Secret(TOKEN);
    const served = await api((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json", "circle-token": TOKEN, "x-echo": `you sent ${TOKEN}`, "x-request-id": "req-1" })
        .end(JSON.stringify({ ok: true, message: `deploy with ${TOKEN} by mistake` })),
    );
    const c = createHttpClient({
      provider: "circleci",
      baseUrl: served.baseUrl,
      authenticate: (h) => h.set("circle-token", secret.reveal()),
      retry: false,
      cache: { ttlMs: 600_000 },
      stores: stores(),
    });
    await c.get({ operation: "item", path: "/items/1" });
    const dump = await dumpAll(redis.admin);
    expect(dump).toContain("req-1"); // the entry is there…
    expect(dump).not.toContain(TOKEN); // …without the token
    expect(dump).not.toContain(TOKEN.slice(8, 24));
  });
});
