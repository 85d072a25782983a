import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHttpClient, type HttpClient, type StoreScope } from "@toolweave/core";
import { afterEach, describe, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { throttleKeys } from "./redis-throttle-store.js";
import { startLoopbackApi } from "./test-support/loopback-api.js";
import { sleep, useRedisServer, waitFor } from "./test-support/use-redis-server.js";
import { requireRedisServer, startRedisServer } from "./testing.js";

// Found by attacking the stores with misbehaving Redis servers: a policy flipped at run time,
// outages one after another, reads racing the replay of an outage's writes, values another
// program wrote under the prefix, a Redis user without INFO, a program that only looks like Redis.

const TOKEN = "tok_DDDDsecretDDDDsecretDDDDsecret04";
/** A versioned resource: POST bumps the version, GET answers the version it saw on arrival. */
function versioned() {
  const state = { version: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST") state.version += 1;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ version: state.version, path: req.url }));
  };
  return { state, handle };
}

describe.runIf(requireRedisServer("Redis stores against a hostile Redis"))("Redis stores against a hostile Redis", () => {
  const redis = useRedisServer();
  const stores = (url: string, events?: RedisStoreEvent[], extra: Partial<Parameters<typeof createRedisStores>[0]> = {}) =>
    redis.track(createRedisStores({ url, commandTimeoutMs: 1_000, minProbeMs: 50, maxProbeMs: 100, ...(events ? { onEvent: (e) => events.push(e) } : {}), ...extra }));
  const client = (baseUrl: string, s: RedisStores): HttpClient =>
    createHttpClient({ provider: "circleci", baseUrl, authenticate: (h) => h.set("circle-token", TOKEN), retry: false, cache: { ttlMs: 600_000 }, stores: s });
  const api = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => redis.track(await startLoopbackApi(handle));
  afterEach(async () => {
    await redis.admin.config("SET", "maxmemory", "0");
    await redis.admin.config("SET", "maxmemory-policy", "noeviction");
    await redis.admin.call("ACL", "DELUSER", "limited");
  });

  it("stops caching at once, and drops what it stored, when the policy turns to noeviction at run time", async () => {
    await redis.admin.config("SET", "maxmemory", String(64 * 1024 * 1024));
    await redis.admin.config("SET", "maxmemory-policy", "volatile-lru");
    const body = JSON.stringify({ blob: "x".repeat(100_000) });
    const served = await api((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    const events: RedisStoreEvent[] = [];
    const c = client(served.baseUrl, stores(redis.server.url, events));
    for (let i = 0; i < 5; i++) await c.get({ operation: "item", path: `/items/${i}` });
    expect(await redis.admin.keys("*:c:e:*")).toHaveLength(5);
    await redis.admin.config("SET", "maxmemory-policy", "noeviction");
    // The next answer to store meets the new policy inside the store script (no minute-long wait).
    await c.get({ operation: "item", path: "/items/new" });
    expect(events.filter((e) => e.type === "cache-off")).toHaveLength(1);
    const until = Date.now() + 10_000;
    while ((await redis.admin.keys("*:c:e:*")).length > 0 && Date.now() < until) await sleep(20);
    expect(await redis.admin.keys("*:c:e:*")).toEqual([]);
  });

  it("with the cache off (noeviction), never serves an answer older than another process's write", async () => {
    await redis.admin.config("SET", "maxmemory", String(64 * 1024 * 1024));
    await redis.admin.config("SET", "maxmemory-policy", "noeviction");
    const resource = versioned();
    const served = await api(resource.handle);
    const a = client(served.baseUrl, stores(redis.server.url));
    const b = client(served.baseUrl, stores(redis.server.url));
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 0 });
    await b.request({ operation: "write", method: "POST", path: "/items/1", body: {} });
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 1 });
  });

  it("does not bring back, in a later outage, an entry cached locally during an earlier one", async () => {
    const resource = versioned();
    const served = await api(resource.handle);
    const events: RedisStoreEvent[] = [];
    const mine = stores(redis.server.url, events, { commandTimeoutMs: 200 });
    const a = client(served.baseUrl, mine);
    const b = client(served.baseUrl, stores(redis.server.url, undefined, { commandTimeoutMs: 5_000 }));
    // Outage 1: A caches version 0 in its own memory.
    await redis.admin.call("CLIENT", "PAUSE", "800", "ALL");
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 0 });
    await waitFor(() => events.some((e) => e.type === "recovered"), "recovery", 20_000);
    // Redis is back: B writes; A reads the new version through Redis.
    await b.request({ operation: "write", method: "POST", path: "/items/1", body: {} });
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 1 });
    // Outage 2: A must not answer from what it kept in outage 1.
    await redis.admin.call("CLIENT", "PAUSE", "800", "ALL");
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 1 });
  });

  it("applies its outage write before any of several parallel reads reads Redis", async () => {
    const persistent = await startRedisServer({ persistence: true });
    redis.track({ close: () => persistent.stop() });
    const resource = versioned();
    const served = await api(resource.handle);
    const events: RedisStoreEvent[] = [];
    const s = stores(persistent.url, events);
    const c = client(served.baseUrl, s);
    const paths = ["/sc", "/sc/1", "/sc/2", "/sc/1/x", "/sc/2/y"];
    for (const path of paths) await c.get({ operation: "item", path });
    await persistent.kill();
    // Something cached in this process's memory during the outage, too (dropped on recovery).
    await c.get({ operation: "item", path: "/elsewhere" });
    await c.request({ operation: "write", method: "POST", path: "/sc", body: {} });
    await persistent.restart();
    await waitFor(() => s.healthy && events.some((e) => e.type === "recovered"), "recovery", 20_000);
    const answers = await Promise.all(paths.map((path) => c.get<{ version: number }>({ operation: "item", path })));
    expect(answers.map((a) => a.version)).toEqual([1, 1, 1, 1, 1]);
  });

  it("reads the memory policy once a minute, not on every request, for a Redis user without INFO", async () => {
    await redis.admin.call("ACL", "SETUSER", "limited", "on", ">pw-limited-123", "~*", "+@all", "-info");
    await redis.admin.config("RESETSTAT");
    const served = await api((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
    const url = redis.server.url.replace("redis://", "redis://limited:pw-limited-123@");
    const c = client(served.baseUrl, stores(url));
    for (let i = 0; i < 50; i++) await c.get({ operation: "item", path: "/items/1" });
    expect(served.arrivals).toHaveLength(1); // cached in Redis all the same
    const stats = await redis.admin.info("commandstats");
    const rejected = Number(/cmdstat_info:.*rejected_calls=(\d+)/.exec(stats)?.[1] ?? "0");
    expect(rejected).toBeLessThan(5);
  });

  it("never hangs a request on a program that echoes Redis commands back", async () => {
    // Answers every command with itself: PING "works", but the scripts' answers make no sense.
    const echo: Server = createServer((socket) => socket.on("data", (data) => socket.write(data)));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    redis.track({ close: () => new Promise((resolve) => echo.close(resolve)) });
    const { port } = echo.address() as AddressInfo;
    const served = await api((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
    const events: RedisStoreEvent[] = [];
    const s = stores(`redis://127.0.0.1:${port}`, events);
    const c = createHttpClient({ provider: "circleci", baseUrl: served.baseUrl, authenticate: (h) => h.set("circle-token", TOKEN), retry: false, stores: s });
    const settled = Promise.allSettled(Array.from({ length: 10 }, (_, i) => c.get({ operation: "item", path: `/items/${i}` })));
    const outcome = await Promise.race([settled, sleep(20_000).then(() => "still hanging")]);
    expect(outcome).not.toBe("still hanging");
    expect((outcome as PromiseSettledResult<unknown>[]).every((r) => r.status === "fulfilled")).toBe(true);
    expect(events.map((e) => e.type)).toContain("fallback");
  });

  it("gives memory back on a server already full: the drop on cache-off and a write's invalidation both work", async () => {
    const body = JSON.stringify({ blob: "x".repeat(100_000) });
    let version = 0;
    const served = await api((req, res) => {
      if (req.method === "POST") version += 1;
      res.writeHead(200, { "content-type": "application/json" }).end(req.url?.endsWith("/p") ? JSON.stringify({ version }) : body);
    });
    const events: RedisStoreEvent[] = [];
    const a = client(served.baseUrl, stores(redis.server.url, events));
    const b = client(served.baseUrl, stores(redis.server.url));
    expect(await b.get({ operation: "item", path: "/p" })).toEqual({ version: 0 });
    for (let i = 0; i < 30; i++) await a.get({ operation: "item", path: `/items/${i}` });
    // The operator sets a limit below what is used, with noeviction: the server is full.
    const used = Number(/used_memory:(\d+)/.exec(await redis.admin.info("memory"))![1]);
    await redis.admin.config("SET", "maxmemory", String(Math.floor(used * 0.8)));
    await expect(redis.admin.set("app:key", "v")).rejects.toThrow(/OOM/);
    // A write while full: its invalidation must reach the other process's entry.
    await a.request({ operation: "write", method: "POST", path: "/p", body: {} });
    expect(await b.get({ operation: "item", path: "/p" })).toEqual({ version: 1 });
    // The next answer to store turns the cache off, and what was stored goes.
    await a.get({ operation: "item", path: "/items/new" });
    expect(events.filter((e) => e.type === "cache-off")).toHaveLength(1);
    const until = Date.now() + 10_000;
    while ((await redis.admin.keys("*:c:e:*")).length > 0 && Date.now() < until) await sleep(20);
    expect(await redis.admin.keys("*:c:e:*")).toEqual([]);
    await expect(redis.admin.set("app:key", "v")).resolves.toBe("OK");
  });

  it("never serves, in a later outage, what it kept in an earlier one — even when another credential notices the outage first", async () => {
    const resource = versioned();
    const served = await api(resource.handle);
    const events: RedisStoreEvent[] = [];
    const mine = stores(redis.server.url, events, { commandTimeoutMs: 200 });
    const a = client(served.baseUrl, mine);
    const otherCredential = createHttpClient({ provider: "circleci", baseUrl: served.baseUrl, authenticate: (h) => h.set("circle-token", `${TOKEN}-other`), retry: false, cache: { ttlMs: 600_000 }, stores: mine });
    const writer = client(served.baseUrl, stores(redis.server.url, undefined, { commandTimeoutMs: 5_000 }));
    await redis.admin.call("CLIENT", "PAUSE", "800", "ALL");
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 0 }); // kept in memory
    await waitFor(() => events.some((e) => e.type === "recovered"), "recovery", 20_000);
    await writer.request({ operation: "write", method: "POST", path: "/items/1", body: {} });
    // Outage 2, noticed by the other credential's client; this scope is not used in between.
    await redis.admin.call("CLIENT", "PAUSE", "800", "ALL");
    await otherCredential.get({ operation: "item", path: "/items/2" });
    expect(events.filter((e) => e.type === "fallback")).toHaveLength(2);
    expect(await a.get({ operation: "item", path: "/items/1" })).toMatchObject({ version: 1 });
  });

  it("ignores stored times and rates no client could have written (inf, 1e300, nan)", async () => {
    const scope: StoreScope = { provider: "suite", origin: "https://api.suite.test", fingerprint: "h".repeat(32), id: `suite:api.suite.test:${"h".repeat(32)}` };
    const t = throttleKeys("toolweave", scope);
    await redis.admin.set(t.pause, "inf");
    await redis.admin.hset(t.state, "tat", "1e300", "rate", "nan", "grewAt", "inf", "cutAt", "-inf");
    const events: RedisStoreEvent[] = [];
    const s = stores(redis.server.url, events);
    const throttle = s.throttle.open(scope, { maxConcurrency: 10, requestsPerSecond: 5 });
    const starts: number[] = [];
    const done = Promise.all(Array.from({ length: 6 }, () => throttle.run(async () => void starts.push(Date.now()))));
    const outcome = await Promise.race([done.then(() => "done"), sleep(15_000).then(() => "still waiting")]);
    expect(outcome).toBe("done");
    starts.sort((x, y) => x - y);
    // Five gaps of 200 ms at 5/s: a lower bound only (a slow machine only spreads them more).
    expect(starts[5]! - starts[0]!).toBeGreaterThanOrEqual(900);
    expect(events.map((e) => e.type)).not.toContain("fallback");
    const adaptive = s.throttle.open(scope, { maxConcurrency: 10, adaptive: { initialRequestsPerSecond: 40 } });
    await adaptive.run(async () => undefined);
    expect(Number.isFinite(adaptive.requestsPerSecond)).toBe(true);
  });
});
