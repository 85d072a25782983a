import { describe, expect, it } from "vitest";
import { runMain } from "../testing/run-main.js";
import { output } from "./context.js";

const CIRCLECI = "https://app.circleci.simulated.invalid";
const CIRCONUS = "https://acme-sim.circonus.simulated.invalid";

const run = runMain;

async function json(url: string) {
  const r = await run(["context", url, "--json"]);
  const body = JSON.parse(r.stdout) as unknown;
  // Every answer keeps the published shape.
  expect(output.safeParse(body).success, r.stdout).toBe(true);
  return { code: r.code, body: output.parse(body) };
}

describe("demo context <url> (simulated world)", () => {
  it("on the suspect deploy's pipeline page: the alert that opened after it went live", async () => {
    const { code, body } = await json(`${CIRCLECI}/pipelines/github/acme/checkout/1043?branch=main`);
    expect(code).toBe(0);
    expect(body.resolution).toMatchObject({ matched: true, service: "checkout", env: "prod", rule: "resource-keys", focus: { kind: "pipeline", id: "1043" } });
    expect(body.items.map((i) => `${i.topic}|${i.status}|${i.text}`)).toEqual(["alerts-after-deploy|important|1 alert opened in prod within 60 min after this deploy went live: it is a suspect"]);
    expect(body.items[0]!.links![0]!.url).toMatch(new RegExp(`^${CIRCONUS}/fault-detection/alerts/\\d+$`));
  });

  it("on that alert's page: the suspect with its workflow and commit links, and that it was rolled back", async () => {
    const pipeline = await json(`${CIRCLECI}/pipelines/github/acme/checkout/1043`);
    const alertUrl = pipeline.body.items[0]!.links![0]!.url;
    const { code, body } = await json(alertUrl);
    expect(code).toBe(0);
    const [suspect, rollback] = body.items;
    expect(suspect).toMatchObject({ topic: "suspect", status: "important", text: expect.stringMatching(/^Suspect: [0-9a-f]{7} deployed to prod 12 min before this alert opened$/) });
    expect(suspect!.links!.map((l) => l.url)).toEqual([
      expect.stringMatching(new RegExp(`^${CIRCLECI}/pipelines/github/acme/checkout/1043/workflows/[0-9a-f-]{36}$`)),
      expect.stringMatching(/^https:\/\/github\.com\/acme\/checkout\/commit\/[0-9a-f]{40}$/),
      `${CIRCLECI}/pipelines/github/acme/checkout/1043`,
    ]);
    expect(rollback).toMatchObject({ topic: "rollback-target", status: "success", text: expect.stringMatching(/^Rolled back: [0-9a-f]{7} went live in prod again at 2026-11-25 02:35 UTC$/) });
  });

  it("on the repository's page: open alerts (saying none has a suspect), last deploy per env, latest build", async () => {
    const r = await run(["context", "https://github.com/acme/checkout/"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("repository acme/checkout (github repository)");
    expect(r.stdout).toContain("Service checkout (matched by catalog-repo)");
    expect(r.stdout).toMatch(/! 2 alerts open now \(no suspect deploy\)/);
    expect(r.stdout).toMatch(/· prod: [0-9a-f]{7} deployed \d+ h ago/);
    expect(r.stdout).toMatch(/Latest build: pipeline #\d+ on main/);
    // Links go to the web app, never the simulated API host.
    expect(r.stdout).not.toMatch(/127\.0\.0\.1/);
  });

  it("a page it cannot tie to a service: the reason and the fix, exit 1; no URL is a usage error", async () => {
    const r = await run(["context", "https://example.org/acme/checkout?token=hunter2hunter2"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/No service: not a page I know: example\.org is none of the sites toolweave reads/);
    expect(r.stdout).toContain("Fix: Open a repository, CircleCI or Circonus page");
    expect(r.stdout).not.toContain("hunter2");
    // Review of #26: terminal escapes in a page URL are never printed raw.
    const escapes = await run(["context", "https://github.com/acme/checkout/tree/%1B%5B2J%1B%5B31mPWNED%E2%80%AE"]);
    expect(escapes.stdout).not.toMatch(/\u001b\[2J|\u202e/i);
    // The serve token is a secret for every command, not only serve.
    // (Each case its own token: the registry of live secrets is process-wide.)
    const refusedToken = "tw-serve-refused-0123456789abcdef";
    const refused = await run([`--${refusedToken}`], { TOOLWEAVE_SERVE_TOKEN: refusedToken });
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).not.toContain(refusedToken);
    const token = "tw-serve-0123456789abcdef0123456789";
    const quoted = await run(["context", `https://example.org/${token}`, "--json"], { TOOLWEAVE_SERVE_TOKEN: token });
    expect(quoted.stdout + quoted.stderr).not.toContain(token);
    const usage = await run(["context"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/context needs a page URL/);
  });
});
