import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulation } from "../../support/start-simulation.mjs";
import { browserProofPlan, findChromium } from "../../../scripts/find-chromium.mjs";
import { serveStatic } from "./serve-static.js";

const CHROMIUM = findChromium();
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const plan = browserProofPlan(CHROMIUM, process.env.CI === "true");

describe("the browser proof's plan", () => {
  it("runs with Chromium, is skipped locally without it, and fails in CI without it", () => {
    expect(browserProofPlan("/usr/bin/chromium", true)).toEqual({ run: true });
    expect(browserProofPlan(undefined, false)).toEqual({ run: false });
    expect(browserProofPlan(undefined, true)).toEqual({ run: false, failure: expect.stringMatching(/apt-get install -y chromium/) });
    expect(findChromium("/opt/a:/opt/b", (file) => file === "/opt/b/chromium")).toBe("/opt/b/chromium");
    expect(findChromium("/opt/a", () => false)).toBeUndefined();
  });

  it.runIf("failure" in plan && plan.failure !== undefined)("has Chromium in CI", () => {
    throw new Error("failure" in plan ? plan.failure : "");
  });
});

describe.runIf(plan.run)("both connectors in a page bundled for the browser, in headless Chromium", () => {
  let sim: Awaited<ReturnType<typeof startSimulation>>;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  beforeAll(async () => {
    [sim, site, browser] = await Promise.all([
      startSimulation({ cors: true }),
      serveStatic(DIST),
      chromium.launch({ executablePath: CHROMIUM!, args: ["--no-sandbox"], headless: true }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close(), sim?.stop()]);
  });

  async function openPage(env: Record<string, string>) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    const config = { env, project: "gh/acme/checkout", service: "checkout", environment: "prod" };
    await page.goto(`${site.url}#${encodeURIComponent(JSON.stringify(config))}`);
    await page.waitForSelector("#app[data-done=true]", { timeout: 20_000 });
    return { page, problems };
  }

  it("shows the service's latest pipeline and its active alerts (cross-origin, through CORS)", async () => {
    const { page, problems } = await openPage(sim.env);
    expect(await page.locator("#error").allTextContents()).toEqual([]);
    expect(await page.locator("#pipeline").textContent()).toMatch(/^gh\/acme\/checkout on main: #\d+ \w+$/);
    expect(await page.locator("#workflows li").count()).toBeGreaterThan(0);
    expect(await page.locator("#alerts-title").textContent()).toMatch(/^[1-9]\d* active alert\(s\) for checkout in prod$/);
    const alerts = await page.locator("#alerts li").allTextContents();
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) expect(alert).toMatch(/^sev \S+ \/alert\/\d+$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("says a _FILE variable cannot be read in a browser (a ConfigurationError with the variable)", async () => {
    const { page } = await openPage(sim.env);
    expect(await page.locator("#file-error").textContent()).toMatch(/^configuration: .*CIRCLECI_TOKEN_FILE: points to \/run\/secrets\/circleci_token, but this runtime cannot read files/s);
    await page.close();
  });

  it("shows an authentication failure (not a crash) with a wrong token", async () => {
    const { page } = await openPage({ ...sim.env, CIRCLECI_TOKEN: "CCIPAT_Wrong7XqLmN2pR4tV_0000000000000000000000000000000000000000" });
    expect(await page.locator("#error").textContent()).toMatch(/^authentication: /);
    await page.close();
  });
});
