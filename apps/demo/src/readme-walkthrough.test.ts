import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Walks both READMEs as a new user would: every demo command shown in a ```sh block, run
// exactly as written, from the repository root. The commands are read from the README files,
// so the test and the documentation cannot drift apart.

const ROOT = join(import.meta.dirname, "..", "..", "..");
const READMES = ["README.md", "apps/demo/README.md"];
// Variables that would switch the demo to real tools or change its data are not inherited.
const env: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(CIRCLECI_|CIRCONUS_|TOOLWEAVE_|FORCE_COLOR)/.test(k)),
) as Record<string, string>;
env.NO_COLOR = "1";

interface Block {
  readme: string;
  lines: string[];
}

/** The demo commands of every ```sh block, comments left out, in order. */
export function demoBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const readme of READMES) {
    const text = readFileSync(join(ROOT, readme), "utf8");
    for (const [, body] of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      const lines = body!
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#") && / demo /.test(l));
      if (lines.length) blocks.push({ readme, lines });
    }
  }
  return blocks;
}

/**
 * The install step that opens the first command is what `.ci/run` (and the reader) already did
 * on this clone; running it again inside the test run would relink packages under the other
 * tests, so the walkthrough runs what follows it.
 */
const withoutInstall = (line: string) => line.replace(/^npx -y pnpm@[\d.]+ install --frozen-lockfile && /, "");

function sh(line: string, extraEnv: Record<string, string> = {}) {
  return spawnSync("bash", ["-o", "pipefail", "-c", line], { cwd: ROOT, env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 120_000 });
}

/**
 * Starts a long-running command (`simulate`, `serve`) as written, returns its printed lines once
 * `ready` matches them (by default: simulate's last line), and a stop function (Ctrl-C).
 */
async function startSimulate(line: string, ready = /export TOOLWEAVE_CATALOG=.*\n/): Promise<{ printed: string; stop(): Promise<void> }> {
  const child = spawn("bash", ["-c", line], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${line} printed nothing usable in 90 s:\n${printed}\n${stderr}`)), 90_000);
    child.stdout.on("data", (d: Buffer) => {
      printed += d.toString();
      if (ready.test(printed)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`${line} exited (${code}):\n${printed}\n${stderr}`)));
  });
  return {
    printed,
    stop: async () => {
      // The whole process group this test started (npx → pnpm → node), by its id.
      try {
        process.kill(-child.pid!, "SIGINT");
      } catch {
        /* already gone */
      }
      await exited;
    },
  };
}

describe("README walkthrough (every demo command shown, run as written)", () => {
  const blocks = demoBlocks();

  it("finds the documented commands in both READMEs", () => {
    expect(blocks.map((b) => b.readme)).toEqual(expect.arrayContaining(READMES));
    expect(blocks.flatMap((b) => b.lines).some((l) => /-s demo services --json \| jq \.$/.test(l))).toBe(true);
    expect(blocks.flatMap((b) => b.lines).some((l) => / demo simulate/.test(l))).toBe(true);
  });

  for (const [i, block] of blocks.entries()) {
    it(`${block.readme} block ${i + 1}: ${block.lines.join(" ; ")}`, async () => {
      let extraEnv: Record<string, string> = {};
      let simulation: Awaited<ReturnType<typeof startSimulate>> | undefined;
      try {
        for (const raw of block.lines) {
          const line = withoutInstall(raw);
          if (/ demo serve/.test(line)) {
            // serve runs until Ctrl-C: start it, open the page it prints as a browser would, stop it.
            const served = await startSimulate(line, / on http:\/\/127\.0\.0\.1:\d+\/.*\n/);
            try {
              const url = / on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(served.printed)![1]!;
              const page = await fetch(`${url}services/checkout`);
              expect(page.status, served.printed).toBe(200);
              expect(await page.text()).toContain("Simulated data.");
            } finally {
              await served.stop();
            }
            continue;
          }
          if (/ demo simulate/.test(line)) {
            simulation = await startSimulate(line);
            // Every printed line is a comment or an export: pasted into a shell, it just works.
            for (const printedLine of simulation.printed.trim().split("\n")) expect(printedLine).toMatch(/^(#|export [A-Z_]+=)/);
            const dump = sh(`${simulation.printed}\nenv`);
            expect(dump.status).toBe(0);
            extraEnv = Object.fromEntries(
              dump.stdout
                .split("\n")
                .filter((l) => /^(CIRCLECI_|CIRCONUS_|TOOLWEAVE_)/.test(l))
                .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
            );
            expect(Object.keys(extraEnv)).toEqual(expect.arrayContaining(["CIRCLECI_TOKEN", "CIRCONUS_API_TOKEN", "TOOLWEAVE_CATALOG"]));
            continue;
          }
          const r = sh(line, extraEnv);
          const context = `${line}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
          // 0 ok, 1 problems found (audit), 3 incomplete; never a usage error or a crash.
          expect([0, 1, 3], context).toContain(r.status);
          expect(r.stderr, context).not.toContain("ELIFECYCLE");
          if (/--json/.test(line)) {
            expect(() => JSON.parse(r.stdout), context).not.toThrow();
            expect(JSON.parse(r.stdout).schemaVersion, context).toBeTypeOf("number");
          } else {
            expect(r.stdout, context).toMatch(/\S/);
            if (simulation) expect(r.stdout, context).not.toContain("SIMULATED DATA — no CIRCLECI_TOKEN");
          }
        }
      } finally {
        await simulation?.stop();
      }
    }, 300_000);
  }
});
