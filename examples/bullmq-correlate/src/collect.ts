/**
 * The report: how many services of a run are complete, incomplete, failed or still pending.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 node dist/collect.js --run 2026-11-26 [--wait 600] [--json] [--details]
 *
 * `--wait <seconds>` polls until every service has a result (or the time is up). Exit code 0
 * when every service has a result and none failed, 1 when some failed, 2 when some are still
 * pending.
 */
import { Queue } from "bullmq";
import { QUEUE_NAME, checkRun, connectRedis, option, resultsKey, runKey, type ServiceResult } from "./queue.js";

const argv = process.argv.slice(2);
let run: string;
try {
  run = checkRun(option(argv, "run", process.env.TOOLWEAVE_RUN, new Date().toISOString().slice(0, 10))!);
} catch (error) {
  // A toolweave error keeps what to do in `fix`, apart from the message.
  const { message, fix } = error as { message: string; fix?: string };
  console.error(fix ? `${message}\n${fix}` : message);
  process.exit(1);
}
const waitSeconds = Number(option(argv, "wait", undefined, "0"));
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
  console.error("--wait must be a number of seconds (0 or more).");
  process.exit(1);
}
const redis = connectRedis();
const queue = new Queue(QUEUE_NAME, { connection: redis });

async function read() {
  const total = Number((await redis.hget(runKey(run), "total")) ?? 0);
  const stored = Object.values(await redis.hgetall(resultsKey(run))).map((v) => JSON.parse(v) as ServiceResult);
  const count = (status: ServiceResult["status"]) => stored.filter((r) => r.status === status).length;
  // The queue's own view (every run): jobs still waiting or running, and those BullMQ gave up on.
  const jobs = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "completed", "failed");
  return { run, total, results: stored.length, jobs, complete: count("complete"), incomplete: count("incomplete"), failed: count("failed"), pending: Math.max(0, total - stored.length), stored };
}

const deadline = Date.now() + waitSeconds * 1000;
let report = await read();
while (report.total > 0 && report.pending > 0 && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 200));
  report = await read();
}
await queue.close();
await redis.quit();

const { stored, ...summary } = report;
if (argv.includes("--json")) {
  console.log(JSON.stringify(argv.includes("--details") ? { ...summary, services: stored } : summary));
} else if (summary.total === 0) {
  console.log(`run ${run}: nothing enqueued (run the producer with --run ${run})`);
} else {
  console.log(`run ${run}: ${summary.total} service(s): ${summary.complete} complete, ${summary.incomplete} incomplete, ${summary.failed} failed, ${summary.pending} pending`);
  if (argv.includes("--details")) {
    for (const r of stored.filter((s) => s.status !== "complete").sort((a, b) => a.service.localeCompare(b.service))) {
      console.log(`  ${r.service}: ${r.status}${r.error ? ` (${r.error})` : ""}`);
      for (const o of r.outcomes) {
        if (!o.ok) console.log(`    ${o.connector} ${o.env}: ${o.error?.kind}: ${o.error?.message}`);
        for (const p of o.incomplete) console.log(`    ${o.connector} ${o.env}: not looked at: ${p.lookup} (${p.kind})`);
      }
    }
  }
}
process.exitCode = summary.pending > 0 || summary.total === 0 ? 2 : summary.failed > 0 ? 1 : 0;
