// One "worker process" of the multi-process test: sends COUNT GETs through a client that
// throttles with the Redis stores, then prints what happened as JSON. Uses the built package.
import { createHttpClient } from "@toolweave/core";
import { createRedisStores } from "../../dist/index.js";

const { REDIS_URL, API_URL, COUNT, RPS, API_TOKEN } = process.env;
const stores = createRedisStores({ url: REDIS_URL, commandTimeoutMs: 5_000 });
const client = createHttpClient({
  provider: "circleci",
  baseUrl: API_URL,
  authenticate: (h) => h.set("circle-token", API_TOKEN),
  retry: false,
  stores,
  throttle: { requestsPerSecond: Number(RPS), maxConcurrency: 4 },
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
process.stdout.write(JSON.stringify({ ok, failed, healthy: stores.healthy }));
