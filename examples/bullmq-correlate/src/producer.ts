/**
 * The producer: one BullMQ job per catalog service, for one run.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 node dist/producer.js --catalog catalog.json --run 2026-11-26
 *
 * Job ids are `<run>.<service>`, so running the producer twice for the same run (a cron that
 * fired twice, a retry of the scheduler) enqueues nothing new. `--catalog` defaults to
 * `TOOLWEAVE_CATALOG`, the demo's catalog variable and format; `--run` to `TOOLWEAVE_RUN`, else
 * today's date (UTC).
 */
import { Queue } from "bullmq";
import { readCatalog } from "./catalog.js";
import { QUEUE_NAME, checkRun, connectRedis, jobId, option, runKey, type CorrelateJob, type ServiceResult } from "./queue.js";

const argv = process.argv.slice(2);
const catalogPath = option(argv, "catalog", process.env.TOOLWEAVE_CATALOG);
if (!catalogPath) {
  console.error("No catalog: pass --catalog <file.json> or set TOOLWEAVE_CATALOG (the demo's catalog format).");
  process.exit(1);
}
let services;
let run: string;
try {
  services = readCatalog(catalogPath);
  run = checkRun(option(argv, "run", process.env.TOOLWEAVE_RUN, new Date().toISOString().slice(0, 10))!);
} catch (error) {
  // A toolweave error keeps what to do in `fix`, apart from the message.
  const { message, fix } = error as { message: string; fix?: string };
  console.error(fix ? `${message}\n${fix}` : message);
  process.exit(1);
}
const attempts = Number(option(argv, "attempts", process.env.TOOLWEAVE_JOB_ATTEMPTS, "3"));
if (!Number.isInteger(attempts) || attempts < 1) {
  console.error("--attempts / TOOLWEAVE_JOB_ATTEMPTS must be a positive integer (tries per job, e.g. 3).");
  process.exit(1);
}

const client = connectRedis();
const queue = new Queue<CorrelateJob, ServiceResult, "correlate">(QUEUE_NAME, { connection: client });
// The run's size, for `collect` to know when it is done (set once: a second producer keeps it).
await client.hsetnx(runKey(run), "total", String(services.length));
await client.hsetnx(runKey(run), "createdAt", new Date().toISOString());
const before = await queue.getJobCountByTypes("waiting", "active", "delayed", "completed", "failed", "prioritized", "waiting-children");
await queue.addBulk(
  services.map((service) => ({
    name: "correlate" as const,
    data: { run, service },
    opts: {
      jobId: jobId(run, service.name),
      attempts,
      backoff: { type: "exponential", delay: 2_000 },
      // Kept for `collect` and for idempotency (a job id still stored is never enqueued again).
      removeOnComplete: false,
      removeOnFail: false,
    },
  })),
);
const after = await queue.getJobCountByTypes("waiting", "active", "delayed", "completed", "failed", "prioritized", "waiting-children");
console.log(`run ${run}: ${services.length} service(s) from ${catalogPath}, ${after - before} new job(s) on queue ${QUEUE_NAME}`);
await queue.close();
await client.quit();
