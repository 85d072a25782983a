import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startRedisServer, type RedisServerHandle, type StartRedisServerOptions } from "../testing.js";

/** What {@link useRedisServer} gives a test file. */
export interface RedisTestServer {
  /** The real redis-server of this file (started before its tests, emptied before each one). */
  readonly server: RedisServerHandle;
  /** A plain client of it, for planting and reading keys (never one of the stores under test). */
  readonly admin: Redis;
  /** Closes `closable` (stores, clients) after the test that made it; returns it. */
  track<T extends { close(): Promise<unknown> | unknown }>(closable: T): T;
}

/**
 * One real redis-server for a test file: started in `beforeAll`, `FLUSHALL` before each test,
 * every tracked store closed after it, stopped in `afterAll`. Register it inside the
 * `describe` that `requireRedisServer` guards.
 */
export function useRedisServer(options: StartRedisServerOptions = {}): RedisTestServer {
  let server: RedisServerHandle | undefined;
  let admin: Redis | undefined;
  const tracked: { close(): Promise<unknown> | unknown }[] = [];
  beforeAll(async () => {
    server = await startRedisServer(options);
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin.on("error", () => undefined);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await admin!.flushall();
  });
  afterEach(async () => {
    await Promise.all(tracked.splice(0).map((c) => c.close()));
  });
  return {
    get server() {
      return server!;
    },
    get admin() {
      return admin!;
    },
    track(closable) {
      tracked.push(closable);
      return closable;
    },
  };
}

/** Resolves after `ms` of real time (for waits on real processes, never for assertions). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it holds; throws naming `what` after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Everything `admin`'s Redis holds, keys and values (and each key's DUMP serialization), as one
 * string: to search for secrets.
 */
export async function dumpAll(admin: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await admin.keys("*")) {
    parts.push(key);
    const type = await admin.type(key);
    if (type === "string") parts.push((await admin.get(key)) ?? "");
    else if (type === "hash") parts.push(JSON.stringify(await admin.hgetall(key)));
    else if (type === "zset") parts.push(JSON.stringify(await admin.zrange(key, "0", "-1", "WITHSCORES")));
    const dumped = await admin.dumpBuffer(key);
    if (dumped) parts.push(dumped.toString("latin1"));
  }
  return parts.join("\n");
}
