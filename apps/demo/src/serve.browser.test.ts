import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProofPlan, findChromium } from "../../../scripts/find-chromium.mjs";
// Code run in the page is passed as strings: this package is typed for Node, without the DOM lib.
import { main } from "./main.js";

// `demo serve` on the simulated world, opened in a real headless Chromium (Debian's `chromium`
// package, driven by playwright-core). Without Chromium the test is skipped locally, with the
// reason printed, and fails under CI=true: a skipped browser test proves nothing.

const CHROMIUM = findChromium();
const WHAT = "the browser test of `demo serve`";
const plan = browserProofPlan(CHROMIUM, process.env.CI === "true", WHAT);
/** Where the screenshot goes (gitignored); TOOLWEAVE_SCREENSHOT_OUT adds a copy, e.g. for the README's image. */
const OUTPUT_DIR = resolve(import.meta.dirname, "..", "test-output");
const SCREENSHOT = join(OUTPUT_DIR, "serve-checkout.png");
/** The simulated clock, so the page (and the README's screenshot) is the same on every run. */
const SIM_NOW = "2026-11-25T12:00:00Z";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

if (!plan.run && !plan.failure) console.warn(`\n  SKIPPED: ${WHAT}: no Chromium (apt-get install -y chromium); under CI=true this fails.\n`);

describe("the browser test's plan", () => {
  it.runIf(!plan.run && plan.failure !== undefined)("has Chromium in CI", () => {
    throw new Error(plan.run ? "" : plan.failure);
  });
});

describe.runIf(plan.run)("demo serve in headless Chromium (simulated world)", () => {
  const controller = new AbortController();
  let served: Promise<number>;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    let printed = "";
    let listening: () => void;
    const started = new Promise<void>((resolve) => (listening = resolve));
    served = main(["serve", "--port", "0"], {
      stdout: {
        write: (s: string) => {
          printed += s;
          if (/on http:\/\/127\.0\.0\.1:\d+\/\n/.test(printed)) listening();
          return true;
        },
      },
      stderr: { write: (s: string) => (problems.push(`stderr: ${s}`), true) },
      env: { TOOLWEAVE_SIM_NOW: SIM_NOW, NO_COLOR: "1" },
      cwd: tmpdir(),
      signal: controller.signal,
    });
    // Serving, or `serve` ended early (its exit code and what it printed say why).
    await Promise.race([started, served.then((code) => Promise.reject(new Error(`serve exited with ${code}:\n${printed}\n${problems.join("\n")}`)))]);
    url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed)![1]!;
    userDataDir = mkdtempSync(join(tmpdir(), "toolweave-serve-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM!, args: ARGS, headless: true, viewport: { width: 1280, height: 900 }, timeout: 60_000 });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    // A CSP violation or a failed asset shows up here.
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    controller.abort();
    await served;
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  }, 60_000);

  it("lists the catalog's services and says the data is simulated", async () => {
    await page.goto(url);
    expect(await page.title()).toBe("Services — toolweave (simulated)");
    expect(await page.locator(".mode").textContent()).toBe("SIMULATED");
    expect(await page.locator(".sim-banner").textContent()).toContain("Simulated data.");
    expect(await page.locator("nav.services a").count()).toBeGreaterThan(1);
  }, 60_000);

  it("opens checkout by keyboard: the skip link first, then the service link", async () => {
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string | null>("document.activeElement?.textContent ?? null")).toBe("Skip to content");
    // The focused element has a visible focus ring.
    expect(await page.evaluate<string>("getComputedStyle(document.activeElement).outlineStyle")).toBe("solid");
    await page.locator('nav.services a[href="/services/checkout"]').focus();
    await Promise.all([page.waitForURL(/\/services\/checkout$/), page.keyboard.press("Enter")]);
    expect(await page.locator("h1").textContent()).toBe("checkout");
    expect(await page.locator('nav.services a[aria-current="page"]').getAttribute("href")).toBe("/services/checkout");
    expect(await page.title()).toBe("checkout — toolweave (simulated)");
  }, 60_000);

  it("draws the timeline: deploy markers, alert spans labelled by severity, an accessible name", async () => {
    const chart = page.locator("svg.tw-chart");
    expect(await chart.getAttribute("aria-label")).toMatch(/^Timeline of checkout in every env, last 24h: [1-9]\d* deploy\(s\)/);
    expect(await chart.locator("a.tw-mark[data-kind=deploy]").count()).toBeGreaterThan(0);
    const spans = chart.locator("a.tw-alert");
    expect(await spans.count()).toBeGreaterThan(0);
    for (const label of await spans.locator(".tw-span-label").allTextContents()) expect(label).toMatch(/^S[1-5?]$/);
    // Every mark says what it is in words (a tooltip and its accessible name).
    for (const title of await chart.locator("a.tw-mark > title").allTextContents()) expect(title).toMatch(/^(Deploy|Failed deploy|Annotation|Alert)/);
    expect(await page.locator(".legend li").count()).toBeGreaterThanOrEqual(8);
    // The marks are links a keyboard reaches, with a visible focus ring on the shape.
    const mark = chart.locator("a.tw-mark[data-kind=deploy]").first();
    await mark.focus();
    expect(await page.evaluate<string>(`(() => { const a = document.activeElement; return a.matches("a.tw-mark") ? getComputedStyle(a.querySelector(".tw-shape")).strokeWidth : "not focused"; })()`)).toBe("4px");
    expect(await page.locator("table tr[data-kind]").count()).toBeGreaterThanOrEqual(await chart.locator("a.tw-mark[data-kind=deploy]").count());
    // A keyboard user can pass over the chart's marks to the same events as a table.
    await page.locator(".skip-chart a").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate<boolean>(`Boolean(document.activeElement.closest("section[aria-labelledby=events-title]"))`)).toBe(true);
  }, 60_000);

  it("links checkout's prod alert to its suspect deploy, in the list and on the chart", async () => {
    const link = page.locator(".suspects a.suspect-link").first();
    const text = (await link.textContent()) ?? "";
    expect(text).toMatch(/^suspect deploy [0-9a-f]{7}/);
    const item = (await page.locator(".suspects li").first().textContent()) ?? "";
    expect(item).toMatch(/^Alert .+ \(sev [1-5], prod\) → suspect deploy [0-9a-f]{7}.*, \d+ min before/);
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^#event-circleci-/);
    // The target is the deploy's row in the events table, with the same commit.
    const row = page.locator(`tr${href}`);
    expect(await row.getAttribute("data-kind")).toBe("deploy");
    expect(await row.textContent()).toContain(text.match(/[0-9a-f]{7}/)![0]);
    // The chart's dashed suspect line points at the same deploy.
    const deployId = await page.locator(".suspects li").first().getAttribute("data-deploy-id");
    expect(await page.locator(`svg.tw-chart a.tw-suspect[data-deploy-id="${deployId}"]`).getAttribute("href")).toBe(href);
    // Following it (by keyboard) lands on the row.
    await link.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate<string>("location.hash")).toBe(href);
    expect(await page.locator("tr:target").getAttribute("data-kind")).toBe("deploy");
  }, 60_000);

  it("fits a 420 px wide screen: no page overflow, a services box that does not cover the content, a readable What column", async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    try {
      for (const path of ["", "services/checkout"]) {
        await page.goto(`${url}${path}`);
        // Nothing wider than the screen: a wide table scrolls inside its own box.
        expect(await page.evaluate<number>("document.documentElement.scrollWidth"), `${path || "/"} overflows`).toBeLessThanOrEqual(420);
        // The services box neither sticks over the content nor fills the screen.
        expect(await page.evaluate<string>(`getComputedStyle(document.querySelector("nav.services")).position`)).not.toBe("sticky");
        expect(await page.evaluate<number>(`document.querySelector("nav.services").getBoundingClientRect().height`)).toBeLessThanOrEqual(120);
      }
      // The events table's What column keeps a sensible width (not a character per line).
      const whatWidths = await page.evaluate<number[]>(`[...document.querySelectorAll("section[aria-labelledby=events-title] td.long")].map((td) => td.getBoundingClientRect().width)`);
      expect(whatWidths.length).toBeGreaterThan(0);
      expect(Math.min(...whatWidths)).toBeGreaterThanOrEqual(180);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 60_000);

  it("at 1400 px, breaks no word in the middle (check names, titles) and keeps the page within the screen", async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    try {
      await page.goto(`${url}services/checkout`);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1400);
      // Every word of a table cell sits on one line: a word cut in two has two client rects.
      const broken = await page.evaluate<string[]>(`(() => {
        const out = [];
        for (const cell of document.querySelectorAll("main td")) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[^\\s-]{2,40}/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
              if (lines.size > 1) out.push(m[0]);
            }
          }
        }
        return out;
      })()`);
      expect(broken).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 60_000);

  it("shows the latest pipeline and the active alerts, loads nothing from elsewhere, and saves a screenshot", async () => {
    await page.goto(`${url}services/checkout`);
    expect(await page.locator("#pipeline-title + p").textContent()).toBe("gh/acme/checkout");
    expect(await page.locator("section[aria-labelledby=pipeline-title]").textContent()).toMatch(/Pipeline #\d+ on main/);
    expect(await page.locator("section[aria-labelledby=alerts-title] tbody tr").count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the checkout page: ${SCREENSHOT}`);
    const extra = process.env.TOOLWEAVE_SCREENSHOT_OUT;
    if (extra) {
      const file = resolve(process.cwd(), extra);
      mkdirSync(dirname(file), { recursive: true });
      // The top of the page: the suspects, the chart and its legend (down to the chart card's end).
      const chart = (await page.locator("section[aria-labelledby=timeline-title]").boundingBox())!;
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(chart.y + chart.height + 16) } });
      console.log(`screenshot for the README: ${file}`);
    }
  }, 60_000);
});
