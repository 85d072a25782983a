// One worker process of the multi-process throttle tests: sends COUNT GETs through a client that
// throttles with the Redis stores (the built package), then prints what happened as JSON: the
// counts, whether the stores ended healthy, and their events (type and, for bad-key, the key).
// MIN_PROBE_MS / MAX_PROBE_MS shorten the stores' recovery probes (the package's defaults otherwise).
import { createHttpClient } from "@toolweave/core";
import { createRedisStores } from "../../dist/index.js";

const { REDIS_URL, API_URL, COUNT, RPS, MAX_CONCURRENCY, API_TOKEN, MIN_PROBE_MS, MAX_PROBE_MS } = process.env;
const events = [];
const stores = createRedisStores({
  url: REDIS_URL,
  commandTimeoutMs: 5_000,
  ...(MIN_PROBE_MS ? { minProbeMs: Number(MIN_PROBE_MS) } : {}),
  ...(MAX_PROBE_MS ? { maxProbeMs: Number(MAX_PROBE_MS) } : {}),
  onEvent: (event) => events.push({ type: event.type, ...(event.type === "bad-key" ? { key: event.key, found: event.found } : {}) }),
});
const client = createHttpClient({
  provider: "circleci",
  baseUrl: API_URL,
  authenticate: (h) => h.set("circle-token", API_TOKEN),
  retry: false,
  stores,
  throttle: { requestsPerSecond: Number(RPS), maxConcurrency: Number(MAX_CONCURRENCY ?? 4) },
});
let ok = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: Number(COUNT) }, (_, i) =>
    client.get({ operation: "item", path: `/items/${process.pid}/${i}` }).then(
      () => (ok += 1),
      () => (failed += 1),
    ),
  ),
);
await stores.close();
process.stdout.write(JSON.stringify({ ok, failed, healthy: stores.healthy, events }));
