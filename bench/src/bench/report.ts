import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";

/** `bench/` (scripts run from `bench/dist/`). */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = join(BENCH_DIR, "..");
export const RESULTS_DIR = join(BENCH_DIR, "results");

/** True when this process was started as `node dist/<name>.js` (not imported by run-all). */
export function isMain(name: string): boolean {
  return basename(process.argv[1] ?? "") === `${name}.js`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
export const mib = (bytes: number) => bytes / (1024 * 1024);
export const kib = (bytes: number) => bytes / 1024;

/** Prints a plain-text table (Markdown-compatible, so it can be pasted into the README). */
export function printTable(title: string, headers: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const out = [`\n### ${title}\n`, line(headers), `|${widths.map((w, i) => (i === 0 ? ":" : "-") + "-".repeat(w) + (i === 0 ? "-" : ":")).join("|")}|`, ...cells.map(line)];
  process.stdout.write(`${out.join("\n")}\n`);
}

export function machine() {
  return { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", totalMemMiB: Math.round(mib(os.totalmem())) };
}

/** Writes `bench/results/<name>.json` and returns its path. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: machine(), ...(data as object) }, null, 2)}\n`);
  return file;
}

/** Forces a full GC when node runs with --expose-gc (twice, so weak refs and finalizers settle). */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

export const hasGc = () => typeof (globalThis as { gc?: unknown }).gc === "function";

/** Runs a benchmark's main when its script is started directly. */
export function runIfMain(name: string, main: () => Promise<unknown>): void {
  if (!isMain(name)) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
