// One "worker process" of the cache tests: GETs one path through a client caching in the Redis
// stores and prints the answer as JSON. Uses the built package.
import { createHttpClient } from "@toolweave/core";
import { createRedisStores } from "../../dist/index.js";

const { REDIS_URL, API_URL, API_TOKEN, ITEM_PATH } = process.env;
const stores = createRedisStores({ url: REDIS_URL, commandTimeoutMs: 5_000 });
const client = createHttpClient({
  provider: "circleci",
  baseUrl: API_URL,
  authenticate: (h) => h.set("circle-token", API_TOKEN),
  retry: false,
  cache: { ttlMs: 600_000 },
  stores,
});
const answer = await client.get({ operation: "item", path: ITEM_PATH, signal: AbortSignal.timeout(60_000) });
await stores.close();
process.stdout.write(JSON.stringify(answer));
