import { createTestServer } from "../test-server/index.js";
import { circleciFor } from "./clients.js";
import { fmt, gc, hasGc, mib, printTable, runIfMain, writeResult } from "./report.js";
import { withServer } from "./with-server.js";

const ITEMS = 100_000;
const WARMUP_ITEMS = 2_000;
const CHECKPOINT_EVERY = 10_000;
/** Heap growth (after GC) between the first and last checkpoint still counted as flat. */
const FLAT_TOLERANCE_MIB = 4;

interface Case {
  name: string;
  pageSize: number;
  list: (maxItems: number) => AsyncIterable<unknown>;
}

interface Checkpoint {
  items: number;
  rssMiB: number;
  heapUsedAfterGcMiB: number;
}

/**
 * Benchmark 3: streams 100,000 items through a connector's paginated iterator
 * (`for await`), sampling RSS on every page and heap-after-GC every 10,000 items. Memory
 * must stay flat: the iterator holds one page at a time, whatever the item count.
 */
export async function runPagination() {
  if (!hasGc()) console.warn("pagination: --expose-gc is off; heap figures are without a forced GC.");
  return withServer(createTestServer({ record: false, circleci: { pipelinesFor: () => ITEMS, pageSize: 20 } }), async (server) => {
    const circleci = circleciFor(server, { throttle: false, maxPages: 10_000 });
    // CircleCI only: a Circonus list stops at offset 1000 (the most its API reference accepts for
    // `from`) with a PaginationLimitError asking to narrow the query, so no single Circonus list
    // reaches 100,000 items.
    const cases: Case[] = [{ name: "CircleCI listPipelines (cursor, 20/page)", pageSize: 20, list: () => circleci.listPipelines("gh/acme/checkout") }];
    const rows: (string | number)[][] = [];
    const results = [];
    for (const c of cases) {
      // Warm-up: JIT, keep-alive connection, schema caches.
      let warm = 0;
      for await (const _ of c.list(WARMUP_ITEMS)) if (++warm >= WARMUP_ITEMS) break;
      gc();
      const baseRss = process.memoryUsage.rss();
      const baseHeap = process.memoryUsage().heapUsed;
      const requestsBefore = server.counters.total;
      let peakRss = baseRss;
      let count = 0;
      let lastId: unknown;
      const checkpoints: Checkpoint[] = [];
      let samplingMs = 0;
      const started = performance.now();
      for await (const item of c.list(ITEMS)) {
        count++;
        lastId = item;
        if (count % c.pageSize === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
        if (count % CHECKPOINT_EVERY === 0) {
          const t = performance.now();
          gc();
          const rss = process.memoryUsage.rss();
          peakRss = Math.max(peakRss, rss);
          checkpoints.push({ items: count, rssMiB: mib(rss), heapUsedAfterGcMiB: mib(process.memoryUsage().heapUsed) });
          samplingMs += performance.now() - t;
        }
      }
      const elapsedMs = performance.now() - started - samplingMs;
      if (count !== ITEMS || lastId === undefined) throw new Error(`${c.name}: streamed ${count} items, expected ${ITEMS}`);
      const pages = server.counters.total - requestsBefore;
      const first = checkpoints[0]!;
      const last = checkpoints[checkpoints.length - 1]!;
      const heapGrowthMiB = last.heapUsedAfterGcMiB - first.heapUsedAfterGcMiB;
      const flat = heapGrowthMiB < FLAT_TOLERANCE_MIB;
      rows.push([
        c.name,
        count,
        pages,
        fmt(elapsedMs / 1000, 2),
        fmt(pages / (elapsedMs / 1000), 0),
        fmt(count / (elapsedMs / 1000), 0),
        fmt(mib(peakRss - baseRss), 1),
        `${fmt(first.rssMiB, 0)} → ${fmt(last.rssMiB, 0)}`,
        `${fmt(first.heapUsedAfterGcMiB, 1)} → ${fmt(last.heapUsedAfterGcMiB, 1)}`,
        flat ? "yes" : "NO",
      ]);
      results.push({ case: c.name, items: count, pages, elapsedMs, pagesPerSecond: pages / (elapsedMs / 1000), itemsPerSecond: count / (elapsedMs / 1000), baseline: { rssMiB: mib(baseRss), heapUsedMiB: mib(baseHeap) }, peakRssGrowthMiB: mib(peakRss - baseRss), heapGrowthFirstToLastCheckpointMiB: heapGrowthMiB, flat, checkpoints });
    }
    printTable(
      `6. Pagination at scale: ${ITEMS.toLocaleString("en")} items through the iterator (GC sampling excluded from time)`,
      ["case", "items", "pages", "time s", "pages/s", "items/s", "peak RSS growth MiB", "RSS 10k → 100k MiB", "heap after GC 10k → 100k MiB", "flat"],
      rows,
    );
    writeResult("pagination", { items: ITEMS, warmupItems: WARMUP_ITEMS, flatToleranceMiB: FLAT_TOLERANCE_MIB, cases: results });
    return results;
  });
}

runIfMain("pagination", runPagination);
