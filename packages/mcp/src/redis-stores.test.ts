import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "@toolweave/redis/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolweaveMcp } from "./create-toolweave-mcp.js";

// With REDIS_URL, the server's connectors keep their throttle and cache state in Redis (a real
// redis-server), shared with every other toolweave process on the same credential.
describe.runIf(requireRedisServer("toolweave-mcp with REDIS_URL"))("REDIS_URL: the shared stores", () => {
  let redis: RedisServerHandle;
  const cwd = mkdtempSync(join(tmpdir(), "toolweave-mcp-redis-"));
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("keeps the connectors' throttle and cache state in Redis, and closes its client on close()", async () => {
    const mcp = await createToolweaveMcp({ env: { TOOLWEAVE_SIM_NOW: "2026-11-25T12:00:00Z", REDIS_URL: redis.url }, cwd });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.createServer().connect(serverSide);
    const client = new Client({ name: "redis-test", version: "1.0.0" });
    await client.connect(clientSide);
    const result = await client.callTool({ name: "last_deploy", arguments: { service: "checkout", env: "prod" } });
    expect(result.isError).toBeFalsy();
    await client.close();
    await mcp.close();

    const reader = new Redis(redis.url);
    try {
      const keys = await reader.keys("toolweave:*");
      expect(keys.length).toBeGreaterThan(0);
      // Keys name the provider and a digest of the credential, never the token itself.
      expect(keys.join("\n")).not.toMatch(/CCIPAT_|5b7f3c1e/);
      const clients = (await reader.client("LIST")) as string;
      expect(clients.trim().split("\n")).toHaveLength(1); // only this reader: the server's client was closed
    } finally {
      reader.disconnect();
    }
  });
});
