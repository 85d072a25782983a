// Review of the MCP naming_audit: with one tool down, `audit --json` said `complete: false` with
// `incomplete: []`, and the text opened with "No naming-convention findings." (the defect
// 887e1a8 fixed for `status`).
import { describe, expect, it } from "vitest";
import { runMain } from "../testing/run-main.js";
import { output } from "./audit.js";

const run = (argv: string[], fault: string) => runMain(argv, { TOOLWEAVE_SIM_FAULT: fault, NO_COLOR: "1" });

describe("audit with a tool that could not be read", () => {
  it("--json names the failed tool as an incomplete part, with its fix", async () => {
    const { code, stdout } = await run(["audit", "--service", "checkout", "--json"], "circonus-down");
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(output.safeParse(json).success).toBe(true);
    expect(json.complete).toBe(false);
    expect(json.findings).toEqual([]);
    expect(json.incomplete).toEqual([
      {
        provider: "circonus",
        lookup: "Circonus naming audit of checkout",
        retryable: true,
        error: expect.objectContaining({ kind: "service", status: 503, isRetryable: true, fix: expect.any(String) }),
      },
    ]);
    expect(json.providers[1]).toMatchObject({ id: "circonus", ok: false });
  }, 60_000);

  it("the text does not claim there are no findings, and says what could not be read", async () => {
    const { stdout } = await run(["audit", "--service", "checkout"], "circonus-down");
    expect(stdout).not.toContain("No naming-convention findings.");
    expect(stdout).toContain("No naming-convention findings in CircleCI; Circonus could not be read, so its names were not checked (see below).");
    expect(stdout).toMatch(/✗ Circonus listCheckBundles failed: HTTP 503/);
    expect(stdout).toMatch(/^0 finding\(s\) — Circonus could not be read \(see above\)\.$/m);
  }, 60_000);

  it("with findings from the other tool, the last line still says which tool was not read", async () => {
    const { stdout } = await run(["audit"], "circleci-down");
    expect(stdout).toMatch(/^\d+ finding\(s\) from 1 tool\(s\) — CircleCI could not be read \(see above\)\.$/m);
    const json = JSON.parse((await run(["audit", "--json"], "circleci-down")).stdout);
    expect(json.incomplete).toEqual([expect.objectContaining({ provider: "circleci", lookup: "CircleCI naming audit", retryable: true })]);
  }, 60_000);
});
