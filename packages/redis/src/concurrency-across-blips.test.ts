import type { ServerResponse } from "node:http";
import { createHttpClient } from "@toolweave/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { startLoopbackApi } from "./test-support/loopback-api.js";
import { useRedisServer, waitFor } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// After a Redis blip one process ran more than its own maxConcurrency: requests that started on
// the local fallback were not counted by the Redis leases taken once Redis answered again, and
// requests running on Redis leases were not counted by the local fallback during an outage.
// One process with maxConcurrency 2 had 4 requests in flight at the API.

const TOKEN = "tok_concurrency_across_blips_0001";
describe.runIf(requireRedisServer("in-flight limit across Redis blips"))("one process's in-flight limit across a Redis blip", () => {
  const redis = useRedisServer();
  let api: Awaited<ReturnType<typeof startLoopbackApi>>;
  /** Answers held by the API until `releaseAll`. */
  const held: ServerResponse[] = [];
  let inFlight = 0;
  let most = 0;

  const releaseAll = () => {
    for (const res of held.splice(0)) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    }
  };

  beforeAll(async () => {
    api = await startLoopbackApi((_req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      res.on("finish", () => (inFlight -= 1));
      held.push(res);
    });
  });
  afterAll(async () => {
    releaseAll();
    await api?.close();
  });
  beforeEach(() => {
    api.arrivals.length = 0;
    most = 0;
  });
  afterEach(() => {
    // Before the stores close (useRedisServer's afterEach runs after this one's).
    releaseAll();
  });

  const setup = (options: Partial<Parameters<typeof createRedisStores>[0]> = {}) => {
    const events: RedisStoreEvent["type"][] = [];
    const stores = redis.track(createRedisStores({ url: redis.server.url, commandTimeoutMs: 300, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e.type), ...options }));
    const client = createHttpClient({
      provider: "circleci",
      baseUrl: api.baseUrl,
      authenticate: (h) => h.set("circle-token", TOKEN),
      retry: false,
      stores,
      throttle: { maxConcurrency: 2, requestsPerSecond: Infinity },
    });
    const get = (i: number) => client.get({ operation: "item", path: `/items/${i}` });
    return { events, get };
  };

  it("does not let requests on Redis leases start on top of ones still running on the local fallback", async () => {
    const { events, get } = setup();
    const warm = get(0); // loads the scripts
    await waitFor(() => inFlight === 1, "the warm-up request");
    releaseAll();
    await warm;
    most = 0;
    // Redis stalls (holds every command for 1.5 s, 5x the command timeout): two requests fall
    // back to the local throttle and stay in flight at the API.
    await redis.admin.call("CLIENT", "PAUSE", "1500", "ALL");
    const first = [get(1), get(2)];
    await waitFor(() => inFlight === 2, "two requests on the local fallback");
    await waitFor(() => events.includes("recovered"), "Redis answering again");
    // Redis is back, holding no lease for the two still running: two more must still wait.
    const more = [get(3), get(4)];
    const until = Date.now() + 1_500;
    await waitFor(() => inFlight >= 4 || Date.now() > until, "the next requests to start or wait");
    releaseAll();
    await waitFor(() => api.arrivals.length === 5, "every request at the API");
    releaseAll();
    await Promise.all([...first, ...more]);
    expect(events).toEqual(["fallback", "recovered"]);
    expect(most).toBe(2);
  });

  it("does not let requests on the local fallback start on top of ones still running on Redis leases", async () => {
    // Leases renewed every 200 ms: the renewal meets the stalled Redis and switches to the fallback.
    const { events, get } = setup({ leaseMs: 600 });
    const first = [get(1), get(2)];
    await waitFor(() => inFlight === 2, "two requests on Redis leases");
    await redis.admin.call("CLIENT", "PAUSE", "3000", "ALL");
    await waitFor(() => events.includes("fallback"), "the fallback");
    // Redis is out; the local throttle has nothing in flight, but this process has 2.
    const more = [get(3), get(4)];
    const until = Date.now() + 1_000;
    await waitFor(() => inFlight >= 4 || Date.now() > until, "the next requests to start or wait");
    releaseAll();
    await waitFor(() => api.arrivals.length === 4, "every request at the API");
    releaseAll();
    await Promise.all([...first, ...more]);
    expect(most).toBe(2);
  });
});
