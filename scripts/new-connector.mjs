#!/usr/bin/env node
// Scaffolds a new provider package: `pnpm new:connector <name>` writes
// packages/connector-<name>/ (package @toolweave/connector-<name>) and
// .changeset/connector-<name>-first-release.md from scripts/templates/connector/. Plain Node ESM, no
// dependencies. Everything is rendered into a staging directory first and moved into place
// at the end, so a failure leaves nothing half-written; an existing package is never touched.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_ROOT = resolve(HERE, "..");
export const TEMPLATE_DIR = join(HERE, "templates", "connector");
const CHANGESET_TEMPLATE = "changeset/first-release.md.tmpl";
const PNPM = "npx -y pnpm@10.34.9";

/** Lower-case letters, digits and single hyphens, starting with a letter: `acme`, `pager-duty`, `s3`. */
export const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 40;
const FORMAT = 'lower-case letters, digits and single hyphens, starting with a letter (e.g. "pagerduty" or "grafana-cloud")';

/** Names that would collide with workspace packages, tooling or npm conventions. */
export const RESERVED_NAMES = Object.freeze([
  "core",
  "secrets-env",
  "demo",
  "scripts",
  "toolweave",
  "connector",
  "connectors",
  "testing",
  "test",
  "tests",
  "example",
  "template",
  "templates",
  "node-modules",
  "favicon",
]);

/** A problem the user can fix (bad name, existing package): printed without a stack trace. */
export class GeneratorError extends Error {
  constructor(message) {
    super(message);
    this.name = "GeneratorError";
  }
}

/** Display name allowed in generated strings and comments (no quotes, backslashes or `$`). */
const DISPLAY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 .&+-]{0,39}$/;

/** Checks the syntax of a connector name; throws `GeneratorError` naming the expected format. */
export function checkNameFormat(name) {
  if (typeof name !== "string" || name.length === 0) {
    throw new GeneratorError(`A connector name is required: ${FORMAT}.\nUsage: pnpm new:connector <name>`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new GeneratorError(`Connector name "${name}" is ${name.length} characters long; use at most ${MAX_NAME_LENGTH}.`);
  }
  if (!NAME_PATTERN.test(name)) {
    const suggestion = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^[^a-z]+|-+$/g, "");
    const hint = /^[0-9-]/.test(name)
      ? " It must start with a letter."
      : suggestion && suggestion !== name && NAME_PATTERN.test(suggestion)
        ? ` Try "${suggestion}".`
        : "";
    throw new GeneratorError(`Connector name "${name}" is not valid: use ${FORMAT}.${hint}`);
  }
  if (name.startsWith("connector-")) {
    throw new GeneratorError(
      `Connector name "${name}" already starts with "connector-": pass the provider name alone (e.g. "${name.slice("connector-".length)}"); the package directory gets the prefix.`,
    );
  }
  if (RESERVED_NAMES.includes(name)) {
    throw new GeneratorError(`Connector name "${name}" is reserved (reserved: ${RESERVED_NAMES.join(", ")}); pick the provider's own name.`);
  }
  return name;
}

function workspacePackageNames(root) {
  const names = new Map();
  for (const group of ["packages", "apps"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const dir of readdirSync(base)) {
      const file = join(base, dir, "package.json");
      if (!existsSync(file)) continue;
      try {
        const { name } = JSON.parse(readFileSync(file, "utf8"));
        if (typeof name === "string") names.set(name, `${group}/${dir}`);
      } catch {
        // An unreadable package.json is not ours to judge here.
      }
    }
  }
  return names;
}

/** Checks that `root` is a toolweave workspace (pnpm-workspace.yaml, packages/, .changeset/). */
export function checkRoot(root) {
  for (const required of ["pnpm-workspace.yaml", "packages", ".changeset"]) {
    if (!existsSync(join(root, required))) {
      throw new GeneratorError(`${root} does not look like the toolweave workspace root (no ${required}); run the command from the repository, or pass --root.`);
    }
  }
}

/**
 * Validates a name against the format, the reserved names and the workspace: throws when
 * packages/connector-<name>, the package name or the changeset already exists.
 */
export function validateName(name, { root = DEFAULT_ROOT } = {}) {
  checkNameFormat(name);
  const packageName = `@toolweave/connector-${name}`;
  const dir = join(root, "packages", `connector-${name}`);
  if (existsSync(dir)) {
    throw new GeneratorError(`packages/connector-${name} already exists; refusing to overwrite it. Pick another name, or remove the directory first if it is a leftover.`);
  }
  const owner = workspacePackageNames(root).get(packageName);
  if (owner) {
    throw new GeneratorError(`${packageName} already exists in ${owner}; refusing to create a second package with that name.`);
  }
  if (existsSync(join(root, ".changeset", `connector-${name}-first-release.md`))) {
    throw new GeneratorError(`.changeset/connector-${name}-first-release.md already exists; refusing to overwrite it. Remove it if it is a leftover.`);
  }
  return name;
}

const words = (name) => name.split("-");
const capitalise = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * `PascalCase` from the display name, keeping its inner capitals (`PagerDuty` → `PagerDuty`,
 * `Grafana Cloud` → `GrafanaCloud`), or undefined when it would not start with a letter.
 * @param {string} display
 */
function pascalFromDisplay(display) {
  const pascal = display
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(capitalise)
    .join("");
  return /^[A-Z][A-Za-z0-9]*$/.test(pascal) ? pascal : undefined;
}

/** The spellings of a name used in the templates. */
/**
 * @param {string} name
 * @param {string} [displayName]
 */
export function identifiers(name, displayName) {
  const display = displayName ?? words(name).map(capitalise).join(" ");
  if (!DISPLAY_PATTERN.test(display)) {
    throw new GeneratorError(
      `Display name "${display}" is not valid: use 1-40 letters, digits, spaces and . & + - (no quotes), starting with a letter or digit, e.g. --display-name "PagerDuty".`,
    );
  }
  const pascal = pascalFromDisplay(display) ?? words(name).map(capitalise).join("");
  return {
    name,
    NAME: name.toUpperCase().replaceAll("-", "_"),
    Pascal: pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    Display: display,
  };
}

/** Replaces `%%name%%`, `%%NAME%%`, `%%Pascal%%`, `%%camel%%`, `%%Display%%`. */
export function render(text, ids) {
  return text.replace(/%%(name|NAME|Pascal|camel|Display)%%/g, (_, key) => ids[key]);
}

function templateFiles(dir = TEMPLATE_DIR, prefix = "") {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(full).isDirectory()) out.push(...templateFiles(full, rel));
    else if (entry.endsWith(".tmpl")) out.push(rel);
  }
  return out;
}

/** Files the generator writes, relative to the workspace root, in a stable order. */
export function plannedFiles(name) {
  return templateFiles().map((rel) =>
    rel === CHANGESET_TEMPLATE
      ? `.changeset/connector-${name}-first-release.md`
      : `packages/connector-${name}/${rel.replace(/\.tmpl$/, "").replaceAll("__name__", name)}`,
  );
}

/**
 * Writes packages/connector-<name>/ and .changeset/connector-<name>-first-release.md under `root`. Renders
 * into a staging directory inside `root`, then renames into place; on any failure nothing
 * is left behind. Returns the files written (relative to `root`).
 *
 * @param {{ name: string; displayName?: string; root?: string }} options
 */
export function generateConnector({ name, displayName, root = DEFAULT_ROOT }) {
  root = resolve(root);
  checkRoot(root);
  validateName(name, { root });
  const ids = identifiers(name, displayName);
  const pkgRel = join("packages", `connector-${name}`);
  const changesetRel = join(".changeset", `connector-${name}-first-release.md`);
  const staging = mkdtempSync(join(root, ".new-connector-"));
  let movedPackage = false;
  try {
    const stagedPackage = join(staging, "package");
    const stagedChangeset = join(staging, "changeset.md");
    for (const rel of templateFiles()) {
      const text = render(readFileSync(join(TEMPLATE_DIR, rel), "utf8"), ids);
      const leftover = /%%[A-Za-z]+%%/.exec(text);
      if (leftover) throw new Error(`template ${rel} has an unknown placeholder ${leftover[0]}`);
      const target = rel === CHANGESET_TEMPLATE ? stagedChangeset : join(stagedPackage, rel.replace(/\.tmpl$/, "").replaceAll("__name__", name));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    // Checked again right before the move: something may have appeared meanwhile.
    validateName(name, { root });
    renameSync(stagedPackage, join(root, pkgRel));
    movedPackage = true;
    renameSync(stagedChangeset, join(root, changesetRel));
    return plannedFiles(name);
  } catch (error) {
    if (movedPackage) rmSync(join(root, pkgRel), { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const USAGE = `Usage: pnpm new:connector <name> [--display-name "<Display Name>"] [--dry-run]

Scaffolds packages/connector-<name>/ (@toolweave/connector-<name>) and
.changeset/connector-<name>-first-release.md.

  <name>                 ${FORMAT}
  --display-name <text>  name shown in messages and docs (default: the name's words capitalised)
  --dry-run              list the files that would be written, write nothing
  --root <dir>           workspace root (default: this repository)
  -h, --help             show this help`;

function nextSteps(name, files) {
  return [
    `Created @toolweave/connector-${name}:`,
    ...files.map((f) => `  ${f}`),
    "",
    "Next steps:",
    `  ${PNPM} install                      # links the new workspace package (updates pnpm-lock.yaml)`,
    `  ${PNPM} --filter @toolweave/connector-${name} run build`,
    `  ${PNPM} --filter @toolweave/connector-${name} run typecheck`,
    `  ${PNPM} --filter @toolweave/connector-${name} run test`,
    `  ${PNPM} --filter @toolweave/connector-${name} run lint`,
    "",
    `Then replace DEFAULT_BASE_URL in src/settings.ts with the vendor's API root, adapt src/schemas/ and`,
    `src/__fixtures__/ to real responses, and see CONTRIBUTING.md ("Adding a provider").`,
  ].join("\n");
}

/** CLI entry point; returns the exit code. */
export function main(argv = process.argv.slice(2), io = { out: console.log, err: console.error }) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "display-name": { type: "string" },
        "dry-run": { type: "boolean", default: false },
        root: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.err(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.err(`Expected one connector name, got ${positionals.length}: ${positionals.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const name = positionals[0];
  const root = resolve(values.root ?? DEFAULT_ROOT);
  try {
    if (values["dry-run"]) {
      checkRoot(root);
      validateName(name, { root });
      identifiers(name, values["display-name"]);
      io.out(`Would create (dry run, nothing written):\n${plannedFiles(name).map((f) => `  ${f}`).join("\n")}`);
      return 0;
    }
    const files = generateConnector({ name, displayName: values["display-name"], root });
    io.out(nextSteps(name, files));
    return 0;
  } catch (error) {
    if (error instanceof GeneratorError) {
      io.err(`new:connector: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) process.exitCode = main();
