import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type RedisServerHandle, redisUnavailableReason, requireRedisServer, startRedisServer } from "./testing.js";

describe("requireRedisServer without a redis-server binary", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("skips loudly locally, naming the install command", () => {
    vi.stubEnv("TOOLWEAVE_REDIS_SERVER", "/nonexistent/redis-server");
    vi.stubEnv("CI", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(redisUnavailableReason()).toMatch(/apt-get install -y redis-server/);
    expect(requireRedisServer("suite")).toBe(false);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/SKIPPING Redis tests "suite".*apt-get install -y redis-server/s);
  });

  it("fails under CI=true", () => {
    vi.stubEnv("TOOLWEAVE_REDIS_SERVER", "/nonexistent/redis-server");
    vi.stubEnv("CI", "true");
    expect(() => requireRedisServer("suite")).toThrow(/CI=true/);
  });
});

describe.runIf(requireRedisServer("startRedisServer"))("startRedisServer", () => {
  let server: RedisServerHandle | undefined;
  let client: Redis | undefined;
  afterEach(async () => {
    client?.disconnect();
    client = undefined;
    await server?.stop();
    server = undefined;
  });

  it("starts a real redis-server on a loopback port in a temp dir, and stop removes the dir", async () => {
    server = await startRedisServer();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(existsSync(server.dir)).toBe(true);
    client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    expect(await client.ping()).toBe("PONG");
    await client.set("k", "v");
    expect(await client.get("k")).toBe("v");
    const dir = server.dir;
    client.disconnect();
    client = undefined;
    await server.stop();
    expect(existsSync(dir)).toBe(false);
    server = undefined;
  });

  it("restart keeps port and dir; without persistence the data is gone", async () => {
    server = await startRedisServer();
    const { port, dir } = server;
    client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    await client.set("k", "v");
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.dir).toBe(dir);
    expect(await client.get("k")).toBeNull();
  });

  it("with persistence: true the data survives a restart (append-only file)", async () => {
    server = await startRedisServer({ persistence: true });
    client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    await client.set("k", "v");
    await server.restart();
    expect(await client.get("k")).toBe("v");
  });
});
