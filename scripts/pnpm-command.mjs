// How the repository's tests and scripts run pnpm: as the running `pnpm` itself when they were
// started by it (`pnpm test` sets npm_execpath to pnpm's own script, and turbo passes it
// through), else the pinned version through npx. One npx resolution costs about a second, and
// a test that runs pnpm a dozen times pays it a dozen times.

/** The pnpm version the README and CI pin. */
export const PNPM_VERSION = "10.34.9";

/**
 * The command and leading arguments that run pnpm: `[node, [pnpm.cjs]]` or `["npx", ["-y", "pnpm@…"]]`.
 * @returns {[string, string[]]}
 */
export function pnpmCommand() {
  const execpath = process.env.npm_execpath ?? "";
  return /pnpm\.c?js$/.test(execpath) ? [process.execPath, [execpath]] : ["npx", ["-y", `pnpm@${PNPM_VERSION}`]];
}
