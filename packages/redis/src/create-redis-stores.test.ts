import { ConfigurationError } from "@toolweave/core";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";

describe("createRedisStores options", () => {
  it("needs exactly one of client and url", () => {
    const client = new Redis({ lazyConnect: true });
    for (const options of [{}, { client, url: "redis://127.0.0.1:1" }]) {
      expect(() => createRedisStores(options)).toThrow(ConfigurationError);
    }
    client.disconnect();
  });

  it("refuses timeouts, limits and prefixes that cannot work, saying what to set", () => {
    const client = new Redis({ lazyConnect: true });
    for (const bad of [{ commandTimeoutMs: 0 }, { leaseMs: Infinity }, { cache: { maxBytes: -1 } }, { prefix: "has space" }, { prefix: "{tag}" }]) {
      const error = (() => {
        try {
          createRedisStores({ client, ...bad });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as ConfigurationError).fix).toBeTruthy();
    }
    client.disconnect();
  });

  it("leaves the cache store out with cache: false (no response body goes to Redis)", async () => {
    const client = new Redis({ lazyConnect: true });
    const stores = createRedisStores({ client, cache: false });
    expect(stores.cache).toBeUndefined();
    expect(typeof stores.throttle.open).toBe("function");
    await stores.close();
    expect(client.status).toBe("wait"); // a client you own is never closed by the stores
    client.disconnect();
  });
});
