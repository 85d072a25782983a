#!/usr/bin/env node
// Bundles the browser page and the Worker with esbuild, as an app would: everything (core, both
// connectors, secrets-env, zod) in one file, resolved with the browser's or Workers' export
// conditions, so a Node built-in import anywhere would fail the build.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
mkdirSync(`${root}dist`, { recursive: true });

await build({
  entryPoints: [`${root}src/browser-page.ts`],
  outfile: `${root}dist/page.js`,
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
copyFileSync(`${root}src/index.html`, `${root}dist/index.html`);

await build({
  entryPoints: [`${root}src/worker.ts`],
  outfile: `${root}dist/worker.js`,
  bundle: true,
  platform: "neutral",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
