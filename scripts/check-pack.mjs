#!/usr/bin/env node
// `pnpm lint` step for a published package (run from the package directory): lists what
// `npm pack` would publish and fails when the tarball holds what it should not — tests,
// test helpers, reports or build caches, declarations the package's exports never reach
// (test material emitted by tsc), sources no shipped map points at (src/ ships only so
// editors can go from the types to the code) — or when a source map embeds its sources
// (they ship in src/ once) or points at a file the tarball lacks, or when a generated
// connector still has its placeholder API host.
// The checks are exported as pure functions of (package.json, file list, reader) so
// check-pack.test.ts can run them on synthetic packages without packing.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ALLOWED_TOP = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\//, /^src\//];
const FORBIDDEN = [
  [/\.test\.[cm]?[jt]s$/, "a test file"],
  [/(^|\/)(test-utils|test-support|testing-support)(\/|\.[jt]s$)/, "a test helper"],
  [/\.vitest-report\.json$|\.tsbuildinfo$|(^|\/)\.turbo\//, "a report or build cache"],
  [/(^|\/)(spec|openapi)[^/]*\.(json|ya?ml)$/i, "an API spec copy (test material)"],
];
const DECLARATION = /\.d\.[cm]?ts$/;

/** "./dist/x.js" → "dist/x.js": the form `npm pack` lists files in. */
const packPath = (target) => posix.normalize(target).replace(/^\.\//, "");

/** The tarball files a package.json target names; a `*` pattern matches any run of characters. */
function matchTarget(target, files) {
  const path = packPath(target);
  if (!path.includes("*")) return files.includes(path) ? [path] : [];
  const re = new RegExp(`^${path.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return files.filter((file) => re.test(file));
}

/** The declaration TypeScript reads for a JavaScript file: dist/x.js → dist/x.d.ts (.mjs → .d.mts). */
const siblingDeclaration = (file) => file.replace(/\.([cm]?)js$/, ".d.$1ts");

/**
 * The declaration files a consumer's TypeScript starts from: every `types`/`typings` condition
 * in `exports`, declaration targets there and their JavaScript targets' sibling declarations,
 * top-level `types`/`typings`/`main`, and `typesVersions` targets — those present in `files`.
 */
export function typeEntries(pkg, files) {
  const entries = new Set();
  const add = (target, typesOnly) => {
    for (const file of matchTarget(target, files)) {
      if (DECLARATION.test(file)) entries.add(file);
      else if (!typesOnly && /\.[cm]?js$/.test(file) && files.includes(siblingDeclaration(file))) entries.add(siblingDeclaration(file));
    }
    // A JavaScript pattern ("./dist/*.js") names declarations that need not match it literally.
    if (!typesOnly && target.includes("*") && /\.[cm]?js$/.test(target)) for (const file of matchTarget(siblingDeclaration(target), files)) entries.add(file);
  };
  const walk = (value, typesOnly) => {
    if (typeof value === "string") add(value, typesOnly);
    else if (Array.isArray(value)) for (const item of value) walk(item, typesOnly);
    else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) walk(item, typesOnly || key === "types" || key === "typings");
  };
  walk(pkg.exports, false);
  for (const key of ["types", "typings"]) if (typeof pkg[key] === "string") add(pkg[key], true);
  if (typeof pkg.main === "string") add(pkg.main, false);
  for (const paths of Object.values(pkg.typesVersions ?? {})) walk(Object.values(paths ?? {}), true);
  return [...entries].sort();
}

/**
 * Module specifiers a declaration file refers to: `import`/`export … from "x"`, `import "x"`,
 * `import("x")`, `require("x")` and `/// <reference path="x" />`. Comments are not stripped:
 * a specifier quoted in a doc comment can only make more files count as reachable.
 */
export function declarationSpecifiers(text) {
  const specifiers = [];
  for (const match of text.matchAll(/\b(?:from|import|require)\s*\(?\s*(["'])([^"'\r\n]+)\1/g)) specifiers.push(match[2]);
  for (const match of text.matchAll(/\/\/\/\s*<reference\s+path\s*=\s*(["'])([^"'\r\n]+)\1/g)) specifiers.push(match[2]);
  return specifiers;
}

/** The tarball declaration a relative specifier in the declaration `from` resolves to, or undefined. */
export function resolveDeclaration(from, specifier, files) {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined;
  const base = posix.join(posix.dirname(from), specifier);
  const candidates = [];
  if (DECLARATION.test(base)) candidates.push(base);
  else if (/\.[cm]?[jt]sx?$/.test(base)) candidates.push(base.replace(/\.([cm]?)[jt]sx?$/, ".d.$1ts"));
  candidates.push(`${base}.d.ts`, `${base}/index.d.ts`);
  return candidates.find((candidate) => files.includes(candidate));
}

/** The source files a relative import in the source `from` may name ("./x.js" is ./x.ts on disk). */
export function sourceCandidates(from, specifier) {
  if (!/^\.\.?(\/|$)/.test(specifier)) return [];
  const base = posix.join(posix.dirname(from), specifier);
  const js = /^(.*)\.([cm]?)jsx?$/.exec(base);
  if (js) return [`${js[1]}.${js[2]}ts`, `${js[1]}.${js[2]}tsx`, base];
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
}

/** Where a source map's `sources` entries point, as tarball paths ("../x" when outside the package). */
function mapSources(mapFile, map) {
  const root = typeof map.sourceRoot === "string" ? map.sourceRoot : "";
  return (Array.isArray(map.sources) ? map.sources : []).map((source) => posix.join(posix.dirname(mapFile), root, String(source)));
}

function parseMap(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every declaration in `files` that the package's type entries reach: through relative
 * references in declaration files, and through relative imports in the shipped sources their
 * maps point at — a module the code loads but the public types never name (an internal
 * helper) is reachable; a test helper only tests import is not.
 */
export function reachableDeclarations(pkg, files, read) {
  const listed = new Set(files);
  const declarationOf = new Map();
  for (const map of files.filter((f) => DECLARATION.test(f.replace(/\.map$/, "")) && f.endsWith(".map"))) {
    const parsed = parseMap(read(map));
    if (parsed) for (const source of mapSources(map, parsed)) declarationOf.set(source, map.slice(0, -".map".length));
  }
  const reached = new Set();
  const queue = typeEntries(pkg, files);
  while (queue.length) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    const next = declarationSpecifiers(read(file)).map((specifier) => resolveDeclaration(file, specifier, files));
    const parsed = listed.has(`${file}.map`) ? parseMap(read(`${file}.map`)) : undefined;
    for (const source of parsed ? mapSources(`${file}.map`, parsed).filter((s) => listed.has(s)) : []) {
      for (const specifier of declarationSpecifiers(read(source))) {
        next.push(sourceCandidates(source, specifier).map((candidate) => declarationOf.get(candidate)).find(Boolean));
      }
    }
    for (const declaration of next) if (declaration && listed.has(declaration) && !reached.has(declaration)) queue.push(declaration);
  }
  return reached;
}

/**
 * What is wrong with a tarball holding `files` (paths as `npm pack` lists them) for the
 * package `pkg`; `read(path)` gives a file's text. One line per problem, each with its fix.
 */
export function packProblems(pkg, files, read) {
  const problems = [];
  const listed = new Set(files);
  // A bin's launcher (a committed file, so a workspace install can link it before a build) ships too.
  const bins = new Set(Object.values(typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {})).map(packPath));
  for (const file of files) {
    if (!ALLOWED_TOP.some((re) => re.test(file)) && !bins.has(file)) problems.push(`${file}: not part of a published package (allowed: dist/, src/, README.md, LICENSE, CHANGELOG.md, and the files package.json "bin" names)`);
    for (const [re, what] of FORBIDDEN) if (re.test(file)) problems.push(`${file}: ${what}`);
  }

  const reachable = reachableDeclarations(pkg, files, read);
  for (const file of files.filter((f) => DECLARATION.test(f) && !reachable.has(f))) {
    problems.push(`${file}: not reachable from exports (test material?): keep its source out of tsconfig.build.json (its include lists only the entry points) so tsc does not emit it`);
  }
  const maps = files.filter((f) => f.endsWith(".map"));
  const mapsOfUnreachable = maps.filter((f) => DECLARATION.test(f.slice(0, -".map".length)) && !reachable.has(f.slice(0, -".map".length)));
  for (const file of mapsOfUnreachable) problems.push(`${file}: the map of a declaration not reachable from exports: it goes when that declaration does`);

  const pointedAt = new Set();
  for (const file of maps.filter((f) => !mapsOfUnreachable.includes(f))) {
    const map = parseMap(read(file));
    if (!map) {
      problems.push(`${file}: not a valid source map (JSON): rebuild the package`);
      continue;
    }
    const embedded = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
    if (file.endsWith(".js.map") && embedded.some((s) => s)) problems.push(`${file}: embeds its sources (set sourcesContent: false; src/ ships once)`);
    const paths = mapSources(file, map);
    for (const [i, source] of (Array.isArray(map.sources) ? map.sources : []).entries()) {
      if (typeof embedded[i] === "string") continue;
      const path = paths[i];
      if (/^[a-z][a-z0-9+.-]*:|^\//i.test(String(source)) || path.startsWith("../")) {
        problems.push(`${file}: source ${source} is outside the package: build with rootDir and outDir inside it so maps point at the shipped src/`);
      } else if (!listed.has(path)) {
        problems.push(`${file}: source ${path} is not in the tarball: ship it (package.json "files"), or leave the file it was built from out of tsconfig.build.json`);
      } else pointedAt.add(path);
    }
  }
  // src/ ships so editors can jump from the types into the code; a source no map points at is
  // there for nobody (a test helper or fixture the exported types never use).
  for (const file of files.filter((f) => f.startsWith("src/") && !pointedAt.has(f))) {
    problems.push(`${file}: no shipped source map points at it (test material?): leave it out of package.json "files"`);
  }

  for (const file of files.filter((f) => /^dist\/.*\.js$/.test(f))) {
    if (/https:\/\/api\.[a-z0-9-]+\.example\b/.test(read(file))) {
      problems.push(`${file}: still uses the generator's placeholder API host (api.<name>.example): set DEFAULT_BASE_URL in src/settings.ts to the vendor's real API root before releasing`);
    }
  }
  return problems;
}

function main() {
  const cwd = process.cwd();
  const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  const problems = packProblems(pkg, files, (file) => readFileSync(join(cwd, file), "utf8"));
  if (problems.length) {
    console.error(`${pkg.name}: the packed tarball is not right:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  console.log(`${pkg.name}: tarball OK (${files.length} files)`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) main();
