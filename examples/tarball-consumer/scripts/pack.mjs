// Packs the published packages into <dir>/tarballs/toolweave-<name>.tgz: what npm would serve,
// under names without a version, so the consumer app's package.json and package-lock.json can
// name them and stay the same from one release to the next.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pnpmCommand } from "../../../scripts/pnpm-command.mjs";

const exec = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));

/** The packages the consumer app installs, as `packages/<name>` and `@toolweave/<name>`. */
export const PACKAGES = ["core", "connector-circleci", "connector-circonus", "secrets-env", "redis", "mcp"];

/** Packs every package (in parallel) into `<app>/tarballs/`. */
export async function packInto(app) {
  const out = join(app, "tarballs");
  mkdirSync(out, { recursive: true });
  const [command, prefix] = pnpmCommand();
  await Promise.all(
    PACKAGES.map(async (pkg) => {
      const scratch = mkdtempSync(join(tmpdir(), `toolweave-pack-${pkg}-`));
      try {
        await exec(command, [...prefix, "pack", "--pack-destination", scratch], { cwd: join(repo, "packages", pkg) });
        const [file] = readdirSync(scratch).filter((f) => f.endsWith(".tgz"));
        if (!file) throw new Error(`pnpm pack wrote no tarball for packages/${pkg}`);
        renameSync(join(scratch, file), join(out, `toolweave-${pkg}.tgz`));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }),
  );
  return out;
}
