import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type RedisServerHandle, requireRedisServer, startRedisServer } from "./testing.js";

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
