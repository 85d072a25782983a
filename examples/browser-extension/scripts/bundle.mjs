#!/usr/bin/env node
// Builds the unpacked extension into dist/ with esbuild, resolving @toolweave/core's published
// build with the browser's conditions (a Node built-in anywhere would fail the build). Content
// scripts cannot be modules, so every script is one self-contained IIFE.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
mkdirSync(`${root}dist`, { recursive: true });

await build({
  entryPoints: { background: `${root}src/background.ts`, content: `${root}src/content.ts`, options: `${root}src/options.ts` },
  outdir: `${root}dist`,
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "chrome120",
  legalComments: "none",
  logLevel: "warning",
});
for (const file of ["manifest.json", "options.html"]) copyFileSync(`${root}src/${file}`, `${root}dist/${file}`);
