import { createTestServer } from "../test-server/index.js";
import { circleciFor } from "./clients.js";
const server = await createTestServer({ record: true, latencyMs: 20, rateLimit: { requestsPerSecond: 100, retryAfterSeconds: 1 } });
const client = circleciFor(server, {});
const t0 = Date.now();
await Promise.allSettled(Array.from({ length: 1200 }, () => client.me()));
const buckets: Record<number, { ok: number; r429: number }> = {};
for (const r of server.requests) {
  const b = Math.floor((r.at - t0) / 500);
  buckets[b] ??= { ok: 0, r429: 0 };
  if (r.outcome === 429) buckets[b].r429++; else buckets[b].ok++;
}
console.log(Object.entries(buckets).map(([b, v]) => `${Number(b) / 2}s:${v.ok}/${v.r429}`).join("  "));
await server.close();
process.exit(0);
