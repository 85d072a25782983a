import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProofPlan, findChromium } from "../../../scripts/find-chromium.mjs";
import { contextFor } from "../src/context.js";
import { readCustomDomains } from "../src/results.js";
import { launchWithExtension } from "./support/launch-extension.mjs";
import { startDemoServer } from "./support/start-demo-server.mjs";
import { GITHUB_RESULTS, startStandInServer } from "./support/stand-in-server.mjs";
import { startStandInSites } from "./support/stand-in-sites.mjs";

// The built extension (dist/) loaded in a real Chromium (Debian's `chromium`, new headless), on
// HTTPS stand-ins for github.com, app.circleci.com and acme.circonus.com. What the bar shows comes
// from the real toolweave server (`demo serve` on `demo simulate`'s APIs); a loopback stand-in
// server sends what the real one never does (hostile strings, 429, malformed answers).
// Skipped locally without Chromium, failing under CI=true.

const CHROMIUM = findChromium();
const WHAT = "the browser extension's test";
const plan = browserProofPlan(CHROMIUM, process.env.CI === "true", WHAT);
/** Required by both servers (`TOOLWEAVE_SERVE_TOKEN` for demo serve): the options page must pass it on. */
const TOKEN = "tw-test-token-4f1c9b7e2a6d3058c1";

const PIPELINE_PAGE = "https://app.circleci.com/pipelines/github/acme/checkout/1043";
const REPOSITORY_PAGE = "https://github.com/acme/checkout";

if (!plan.run && !plan.failure) console.warn(`\n  SKIPPED: ${WHAT}: no Chromium (apt-get install -y chromium); under CI=true this fails.\n`);

describe("the extension test's plan", () => {
  it.runIf(!plan.run && plan.failure !== undefined)("has Chromium in CI", () => {
    throw new Error(plan.run ? "" : plan.failure);
  });
});

/** A ToolJump result as the server sends it. */
interface Sent {
  type: string;
  content: string;
  status?: string;
  tooltip?: string;
  href?: string;
  items?: { content: string; href: string; status?: string; tooltip?: string }[];
}
/** A result as the bar drew it (or, from {@link asDrawn}, as it should). */
interface Drawn {
  content: string;
  status: string;
  href?: string | undefined;
  tooltip?: string | undefined;
  items?: { content: string; status: string; href?: string | undefined; tooltip?: string | undefined }[] | undefined;
}

/** How the bar must draw the server's results: every one, in order, with its links and tooltips. */
const asDrawn = (results: Sent[]): Drawn[] =>
  results.map((r) => ({
    content: r.content,
    status: r.status ?? "none",
    href: r.type === "link" ? r.href : undefined,
    tooltip: r.tooltip,
    items: r.type === "dropdown" ? r.items!.map((i) => ({ content: i.content, status: i.status ?? "none", href: i.href, tooltip: i.tooltip })) : undefined,
  }));

/** A result's visible text: its status mark and screen-reader words, its content, ▾ on a dropdown. */
const shownAs = (r: Drawn): string => `${{ important: "!Important: ", relevant: "•Relevant: ", success: "✓OK: " }[r.status] ?? ""}${r.content}${r.items ? " ▾" : ""}`;

describe.runIf(plan.run)("the context bar in Chromium", () => {
  let sites: Awaited<ReturnType<typeof startStandInSites>>;
  let standIn: Awaited<ReturnType<typeof startStandInServer>>;
  let demo: ReturnType<typeof startDemoServer> | undefined;
  let demoUrl: string;
  let browser: Awaited<ReturnType<typeof launchWithExtension>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = startDemoServer({ token: TOKEN });
    [sites, standIn, { url: demoUrl }] = await Promise.all([startStandInSites(), startStandInServer({ token: TOKEN }), demo.ready]);
    browser = await launchWithExtension({ executablePath: CHROMIUM!, sitesPort: sites.port, spkiSha256: sites.spkiSha256 });
    browser.context.on("page", (page) => page.on("pageerror", (error) => pageErrors.push(error.message)));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([sites?.close(), standIn?.close(), demo?.stop()]);
  });

  /** Opens `url` and waits until the bar is no longer asking. */
  async function openBar(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await page.locator("#toolweave-bar-host [data-state]:not([data-state=loading])").waitFor();
    return page;
  }
  const region = (page: Page) => page.locator("#toolweave-bar-host [role=region]");
  /** The focused element, inside the bar's shadow root when focus is there. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const inner = document.activeElement?.shadowRoot?.activeElement ?? document.activeElement;
      return { tag: inner?.tagName.toLowerCase() ?? "", text: inner?.textContent ?? "", expanded: inner?.getAttribute("aria-expanded") ?? null, outline: inner ? getComputedStyle(inner).outlineStyle : "" };
    });
  /** The bar's results as drawn: each one's own text (no status mark), status, link, tooltip and dropdown items. */
  const drawn = (page: Page): Promise<Drawn[]> =>
    region(page)
      .locator(".items > li")
      .evaluateAll((lis) =>
        lis.map((li) => {
          const read = (node: Element) => ({
            content: [...node.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").replace(/ ▾$/, ""),
            status: (node as HTMLElement).dataset.status ?? "",
            href: node.getAttribute("href") ?? undefined,
            tooltip: node.getAttribute("title") ?? undefined,
          });
          const top = li.firstElementChild!;
          if (!top.matches(".dropdown")) return read(top);
          return { ...read(top.querySelector("button")!), items: [...top.querySelectorAll(".menu > li > *")].map(read) };
        }),
      );
  /** What the real server answers for a page, asked directly (as the extension asks it). */
  async function askDemo(pageUrl: string): Promise<Sent[]> {
    const response = await fetch(`${demoUrl}/context`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(contextFor(pageUrl)) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: Sent[] }).data;
  }
  /** The Circonus alert the pipeline's deploy is suspect of, as the real server links it. */
  async function suspectAlertId(): Promise<string> {
    const href = (await askDemo(PIPELINE_PAGE))[0]?.items?.[0]?.href ?? "";
    const id = /\/fault-detection\/alerts\/(\d+)$/.exec(href)?.[1];
    expect(id, `the pipeline page's first item links an alert (${href})`).toBeDefined();
    return id!;
  }

  it("starts with demo serve's address, and the options page saves the server URL and token", async () => {
    const page = await browser.context.newPage();
    await page.goto(browser.optionsUrl);
    expect(await page.locator("#serverUrl").inputValue()).toBe("http://127.0.0.1:4020");
    expect(await page.locator("#token").inputValue()).toBe("");
    expect(await page.locator("#token").getAttribute("type")).toBe("password");
    // A URL with credentials in it is refused, and the value is not echoed.
    await page.locator("#serverUrl").fill("http://user:hunter2secret@127.0.0.1:4020");
    await page.getByRole("button", { name: "Save" }).click();
    const refusal = (await page.locator("#status").textContent()) ?? "";
    expect(refusal).toMatch(/user name or password in it: remove it and put the token in the Token field/);
    expect(refusal).not.toContain("hunter2secret");
    await page.close();

    expect(await browser.saveOptions(`${demoUrl}/`, TOKEN)).toBe(`Saved. Reload a CircleCI, Circonus or GitHub page to ask ${demoUrl}.`);
    expect(await browser.worker.evaluate(() => chrome.storage.local.get(["serverUrl", "token"]))).toEqual({ serverUrl: demoUrl, token: TOKEN });
    const again = await browser.context.newPage();
    await again.goto(browser.optionsUrl);
    await expect.poll(() => again.locator("#serverUrl").inputValue()).toBe(demoUrl);
    expect(await again.locator("#token").inputValue()).toBe(TOKEN);
    // Saving asked demo serve's GET /config (with the token): the custom domains it lists that
    // the manifest does not cover now run the bar too (where the user allows it).
    const config = await fetch(`${demoUrl}/config`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const custom = readCustomDomains(await config.json());
    expect(custom.length).toBeGreaterThan(0);
    expect(custom).not.toContain("https://app.circleci.com");
    await again.locator("#custom:not([hidden])").waitFor();
    expect(await again.locator("#custom-list").textContent()).toBe(custom.join(", "));
    await again.close();
    const scripts = await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(scripts.map((s) => s.matches)).toEqual([custom.map((origin) => `${origin}/*`)]);
  });

  describe("on demo serve (the real server, simulated CircleCI and Circonus)", () => {
    it("on the suspect deploy's CircleCI pipeline: the alert it is suspect of, linked", async () => {
      const page = await openBar(PIPELINE_PAGE);
      expect(await region(page).getAttribute("aria-label")).toBe("toolweave: what your tools say about this page");
      expect(await region(page).getAttribute("data-state")).toBe("results");
      const bar = await drawn(page);
      expect(bar).toEqual(asDrawn(await askDemo(PIPELINE_PAGE)));
      expect(bar[0]).toMatchObject({ content: "1 alert opened in prod within 60 min after this deploy went live: it is a suspect", status: "important" });
      expect(bar[0]!.items).toHaveLength(1);
      expect(bar[0]!.items![0]!.href).toMatch(/^https:\/\/[^/]+\/fault-detection\/alerts\/\d+$/);
      // A status is a mark and words, not colour alone.
      expect(await region(page).locator("button").first().textContent()).toBe("!Important: 1 alert opened in prod within 60 min after this deploy went live: it is a suspect ▾");
      const link = region(page).locator(".menu a");
      expect(await link.getAttribute("href")).toBe(bar[0]!.items![0]!.href);
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
      await page.close();
    });

    it("on that alert's Circonus page: the suspect deploy with its workflow and commit, and the rollback", async () => {
      const alertPage = `https://acme.circonus.com/fault-detection/alerts/${await suspectAlertId()}`;
      const page = await openBar(alertPage);
      const bar = await drawn(page);
      expect(bar).toEqual(asDrawn(await askDemo(alertPage)));
      const suspect = bar.find((r) => r.content.startsWith("Suspect: "));
      expect(suspect?.content).toMatch(/^Suspect: [0-9a-f]{7} deployed to prod 12 min before this alert opened$/);
      expect(suspect?.status).toBe("important");
      const sha7 = suspect!.content.slice("Suspect: ".length, "Suspect: ".length + 7);
      const hrefs = suspect!.items!.map((i) => i.href);
      expect(hrefs).toContainEqual(expect.stringMatching(/^https:\/\/app\.circleci\.com\/pipelines\/github\/acme\/checkout\/1043\/workflows\/[0-9a-f-]{36}$/));
      expect(hrefs).toContainEqual(expect.stringMatching(new RegExp(`^https://github\\.com/acme/checkout/commit/${sha7}[0-9a-f]{33}$`)));
      expect(bar.find((r) => r.content.startsWith("Rolled back: "))?.content).toMatch(/^Rolled back: [0-9a-f]{7} went live in prod again at /);
      expect(await region(page).locator("button").allTextContents()).toEqual(bar.filter((r) => r.items).map(shownAs));
      expect(pageErrors).toEqual([]);
      await page.close();
    });

    it("on the GitHub repository: alerts open now, the last deploy to each env and the latest build; the page sees no token and its CSS does not reach the bar", async () => {
      const page = await openBar(REPOSITORY_PAGE);
      const bar = await drawn(page);
      expect(bar).toEqual(asDrawn(await askDemo(REPOSITORY_PAGE)));
      const contents = bar.map((r) => r.content);
      expect(contents).toContainEqual(expect.stringMatching(/^\d+ alerts? open now/));
      expect(contents).toContainEqual(expect.stringMatching(/^prod: [0-9a-f]{7} deployed /));
      expect(contents).toContainEqual(expect.stringMatching(/^staging: [0-9a-f]{7} deployed /));
      const build = bar.find((r) => r.content.startsWith("Latest build: "));
      expect(build?.href).toMatch(/^https:\/\/app\.circleci\.com\/pipelines\/github\/acme\/checkout\/\d+$/);
      // The page (its DOM and the bar's) never holds the token.
      const everything = await page.evaluate(() => document.documentElement.outerHTML + (document.getElementById("toolweave-bar-host")?.shadowRoot?.innerHTML ?? ""));
      expect(everything).not.toContain(TOKEN);
      // The page's hostile CSS does not reach the bar.
      const style = await region(page).evaluate((el) => ({ color: getComputedStyle(el).color, font: getComputedStyle(el).fontFamily, display: getComputedStyle(el).display }));
      expect(style.color).not.toBe("rgb(255, 0, 0)");
      expect(style.font).not.toMatch(/^serif$/);
      expect(style.display).toBe("flex");
      await page.close();
    });

    it("is reachable by keyboard: Tab to a dropdown, Enter and Space open it, Tab into it, Escape closes it", async () => {
      const page = await openBar(`https://acme.circonus.com/fault-detection/alerts/${await suspectAlertId()}`);
      const [suspect, next] = await drawn(page);
      expect([suspect?.content, next?.content]).toEqual([expect.stringMatching(/^Suspect: /), expect.stringMatching(/^Rolled back: /)]);
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "button", text: shownAs(suspect!), expanded: "false", outline: "solid" });
      expect(await region(page).locator(".menu").first().isVisible()).toBe(false);
      await page.keyboard.press("Enter");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "true" });
      expect(await region(page).locator(".menu").first().isVisible()).toBe(true);
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "a", text: shownAs(suspect!.items![0]!) });
      await page.keyboard.press("Escape");
      expect(await focused(page)).toMatchObject({ tag: "button", text: shownAs(suspect!), expanded: "false" });
      expect(await region(page).locator(".menu").first().isVisible()).toBe(false);
      // A closed menu's links are skipped: Tab goes on to the next result.
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "button", text: shownAs(next!), expanded: "false", outline: "solid" });
      await page.keyboard.press(" ");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "true" });
      await page.keyboard.press("Escape");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "false" });
      await page.close();
    });

    it("says the token was refused when the options hold another one", async () => {
      await browser.saveOptions(demoUrl, "tw-wrong-token-0d93a61c55e7b4f2");
      const refused = await openBar(PIPELINE_PAGE);
      expect(await region(refused).locator(".line.error").textContent()).toBe(`toolweave server at ${demoUrl} refused the token: set it in the extension's options.`);
      await refused.close();
      await browser.saveOptions(demoUrl, TOKEN);
    });
  });

  describe("on a stand-in server's hostile, malformed and failing answers", () => {
    beforeAll(async () => {
      await browser.saveOptions(standIn.url, TOKEN);
    });

    it("shows every kind of result, from a request that carries the token but no cookie or referrer", async () => {
      const before = standIn.requests.length;
      const page = await openBar("https://github.com/acme/checkout");
      expect(await region(page).getAttribute("aria-label")).toBe("toolweave: what your tools say about this page");
      expect(await region(page).getAttribute("data-state")).toBe("results");
      const items = await region(page).locator(".items > li").allTextContents();
      expect(items).toEqual([
        "✓OK: checkout: pipeline #412 on main passed",
        '•Relevant: <img src=x onerror="window.__pwned=1">',
        "Run me",
        "!Important: 2 active alerts in prod ▾!Important: sev 1: checkout p99 latency<b>sev 2</b>: error ratesev 2: 5xx on /pay",
        "!Important: Circonus annotations could not be read (HTTP 503): this answer may be incomplete",
      ]);
      const context = standIn.requests.slice(before).find((r) => r.path === "/context")!;
      expect(context.method).toBe("POST");
      expect(context.body).toEqual({ type: "github", url: "https://github.com/acme/checkout", page: { name: "repository", repository: "acme/checkout", section: { name: "code" } } });
      expect(context.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(context.headers["content-type"]).toBe("application/json");
      expect(context.headers.referer).toBeUndefined();
      expect(context.headers.cookie).toBeUndefined();
      // The page (its DOM and the bar's) never holds the token.
      const everything = await page.evaluate(() => document.documentElement.outerHTML + (document.getElementById("toolweave-bar-host")?.shadowRoot?.innerHTML ?? ""));
      expect(everything).not.toContain(TOKEN);
      await page.close();
    });

    it("shows hostile strings as text: no element injected, no script run, javascript: links as plain text", async () => {
      const page = await openBar("https://github.com/acme/checkout");
      const bar = region(page);
      expect(await bar.locator("img, script, b").count()).toBe(0);
      expect(await bar.locator("[title]").nth(1).getAttribute("title")).toBe(GITHUB_RESULTS[1]!.tooltip);
      // Only http(s) links: target=_blank, rel=noopener noreferrer.
      const links = await bar.locator("a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), target: a.getAttribute("target"), rel: a.getAttribute("rel"), text: a.textContent })));
      expect(links.map((l) => l.href)).toEqual([
        "https://app.circleci.com/pipelines/github/acme/checkout/412/workflows/bb22cc33-dd44-4e55-9f66-007788990011",
        "https://acme.circonus.com/fault-detection/alerts/1048",
        "https://acme.circonus.com/fault-detection/alerts/1049",
      ]);
      for (const link of links) expect(link).toMatchObject({ target: "_blank", rel: "noopener noreferrer" });
      expect(await bar.locator("[data-unsafe-href]").allTextContents()).toEqual(["Run me", "<b>sev 2</b>: error rate"]);
      // Clicking the would-be link runs nothing.
      await bar.getByText("Run me").click();
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(pageErrors).toEqual([]);
      await page.close();
    });

    it("is reachable by keyboard: Tab to each link and dropdown, Enter and Space open a dropdown, Escape closes it", async () => {
      const page = await openBar("https://github.com/acme/checkout");
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "a", text: "✓OK: checkout: pipeline #412 on main passed", outline: "solid" });
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "button", text: "!Important: 2 active alerts in prod ▾", expanded: "false", outline: "solid" });
      expect(await region(page).locator(".menu").isVisible()).toBe(false);
      await page.keyboard.press("Enter");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "true" });
      expect(await region(page).locator(".menu").isVisible()).toBe(true);
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "a", text: "!Important: sev 1: checkout p99 latency" });
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "a", text: "sev 2: 5xx on /pay" });
      await page.keyboard.press("Escape");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "false" });
      expect(await region(page).locator(".menu").isVisible()).toBe(false);
      await page.keyboard.press(" ");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "true" });
      await page.keyboard.press("Escape");
      expect(await focused(page)).toMatchObject({ tag: "button", expanded: "false" });
      await page.close();
    });

    it("sends GitHub pull request and Actions pages with their section, other sites as generic contexts", async () => {
      const sent: unknown[] = [];
      for (const url of [
        "https://github.com/acme/checkout/pull/42",
        "https://github.com/acme/checkout/actions/runs/123/job/456",
        "https://app.circleci.com/pipelines/github/acme/checkout/412",
        "https://acme.circonus.com/fault-detection/alerts/1048?api_token=abcdef0123456789",
      ]) {
        const before = standIn.requests.length;
        const page = await openBar(url);
        sent.push(standIn.requests.slice(before).find((r) => r.path === "/context")?.body);
        await page.close();
      }
      expect(sent).toEqual([
        { type: "github", url: "https://github.com/acme/checkout/pull/42", page: { name: "repository", repository: "acme/checkout", section: { name: "pull", pull: "42" } } },
        { type: "github", url: "https://github.com/acme/checkout/actions/runs/123/job/456", page: { name: "repository", repository: "acme/checkout", section: { name: "actions", workflow: "123", job: "456" } } },
        { type: "generic", url: "https://app.circleci.com/pipelines/github/acme/checkout/412" },
        // A secret-looking query parameter is masked before the URL leaves the browser.
        { type: "generic", url: "https://acme.circonus.com/fault-detection/alerts/1048?api_token=REDACTED" },
      ]);
    });

    it("says so when there are no results, and reads an older server's bare list", async () => {
      const empty = await openBar("https://github.com/acme/empty");
      expect(await region(empty).getAttribute("data-state")).toBe("empty");
      expect(await region(empty).locator(".line").textContent()).toBe(`no results for this page from ${standIn.url}.`);
      expect(await region(empty).locator(".line").isVisible()).toBe(true);
      await empty.close();
      const legacy = await openBar("https://github.com/acme/legacy");
      expect(await region(legacy).locator(".items > li").allTextContents()).toEqual(["a bare list, as older servers answer"]);
      await legacy.close();
    });

    it("says what to do on a rate limit and on an answer it cannot read", async () => {
      const limited = await openBar("https://github.com/acme/limited");
      expect(await region(limited).locator(".line.error").textContent()).toBe(
        `toolweave server at ${standIn.url} is limiting requests from this browser: reload the page in 42 s, or raise the server's rate limit.`,
      );
      await limited.close();
      const broken = await openBar("https://github.com/acme/broken");
      expect(await region(broken).locator(".line.error").textContent()).toBe(
        `toolweave server at ${standIn.url} answered something the bar cannot read (data[0].href is not text): update the server or the extension.`,
      );
      await broken.close();
    });

    it("says the token was refused (without showing it) and that a stopped server is not answering", async () => {
      const wrong = "tw-wrong-token-0d93a61c55";
      await browser.saveOptions(standIn.url, wrong);
      const refused = await openBar("https://app.circleci.com/pipelines/github/acme/checkout/412");
      const line = (await region(refused).locator(".line.error").textContent()) ?? "";
      expect(line).toBe(`toolweave server at ${standIn.url} refused the token: set it in the extension's options.`);
      expect(await region(refused).locator("[role=alert]").count()).toBe(1);
      await refused.close();

      const stopped = await startStandInServer();
      const downUrl = stopped.url;
      await stopped.close();
      await browser.saveOptions(downUrl, TOKEN);
      const down = await openBar("https://acme.circonus.com/fault-detection/alerts/1048");
      expect(await region(down).locator(".line.error").textContent()).toBe(
        `toolweave server at ${downUrl} is not answering: start it (e.g. \`demo serve\`) or set its URL in the extension's options.`,
      );
      await down.close();
      await browser.saveOptions(standIn.url, TOKEN);
      expect(pageErrors).toEqual([]);
    });
  });
});
