import { circleciConnector, createCircleCI } from "@toolweave/connector-circleci";
import { describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { main } from "../main.js";
import { setupProviders, type Providers } from "../providers.js";
import { renderServicePage } from "../serve/page.js";
import { loadServiceView, serviceQuery, serviceSummaries } from "../serve/service-view.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "./sim-credentials.js";

// Against `demo simulate`'s exports, CircleCI's web links (pipelines, workflows, jobs) went to
// the API host (`127.0.0.1:4010/pipelines/…`) and 404'd. The simulation now serves the web
// routes on an app origin of its own, with a page that says it is simulated, and `simulate`
// exports CIRCLECI_APP_URL.

const NOW = "2026-11-25T12:00:00Z";

/** Runs `simulate` until `use` is done; `use` gets the exported variables. */
async function withSimulate(use: (exports: Record<string, string>) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  let stdout = "";
  let ready!: () => void;
  const printed = new Promise<void>((resolve) => (ready = resolve));
  const done = main(["simulate", "--port", "0"], {
    stdout: { write: (t: string) => ((stdout += t), /TOOLWEAVE_CATALOG=/.test(stdout) && ready(), true) },
    stderr: { write: () => true },
    env: { TOOLWEAVE_SIM_NOW: NOW },
    cwd: process.cwd(),
    signal: controller.signal,
  });
  await printed;
  try {
    await use(Object.fromEntries([...stdout.matchAll(/^export (\w+)='([^']*)'/gm)].map((m) => [m[1]!, m[2]!])));
  } finally {
    controller.abort();
    await done;
  }
}

/** Every CircleCI web link on a page: links to the app's `/pipelines/…` or `/settings/…` routes. */
const circleciLinks = (html: string) => [...html.matchAll(/href="(http[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")).filter((href) => /\/(pipelines|settings)\//.test(new URL(href).pathname));

async function checkoutPage(providers: Providers): Promise<string> {
  const checkout = SIMULATED_CATALOG.services.find((s) => s.name === "checkout")!;
  const view = await loadServiceView(providers, serviceQuery(checkout, undefined, "24h"), Date.parse(NOW));
  return renderServicePage(view, serviceSummaries(SIMULATED_CATALOG));
}

describe("CircleCI links against `demo simulate`", () => {
  it("simulate exports CIRCLECI_APP_URL, an origin apart from the API's, whose pipeline pages say they are simulated", async () => {
    await withSimulate(async (exports) => {
      expect(exports.CIRCLECI_APP_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(exports.CIRCLECI_APP_URL!).origin).not.toBe(new URL(exports.CIRCLECI_BASE_URL!).origin);
      const page = await fetch(`${exports.CIRCLECI_APP_URL}/pipelines/github/acme/checkout/1045`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("This link points at the simulated CircleCI that <code>toolweave-demo simulate</code> serves, not at circleci.com.");
      expect((await fetch(`${exports.CIRCLECI_APP_URL}/pipelines/github/acme/nope`)).status).toBe(404);
      // The API host serves no web page.
      expect((await fetch(`${new URL(exports.CIRCLECI_BASE_URL!).origin}/pipelines/github/acme/checkout/1045`)).status).toBe(404);
    });
  }, 60_000);

  it("a client on the exported app URL renders no CircleCI link to the API host, and each one answers", async () => {
    await withSimulate(async (exports) => {
      const providers = await setupProviders({ env: exports, simulated: false, catalog: SIMULATED_CATALOG });
      try {
        // What the CircleCI connector does once it reads CIRCLECI_APP_URL (its appUrl setting has no variable yet).
        const circleci = createCircleCI({ token: SIM_CIRCLECI_TOKEN, baseUrl: exports.CIRCLECI_BASE_URL!, appUrl: exports.CIRCLECI_APP_URL! });
        const html = await checkoutPage({ ...providers, circleci, circleciFor: () => circleci, connectors: [circleci, providers.circonus!] });
        const links = circleciLinks(html);
        expect(links.length).toBeGreaterThan(3);
        const apiOrigin = new URL(exports.CIRCLECI_BASE_URL!).origin;
        expect(links.filter((href) => new URL(href).origin === apiOrigin)).toEqual([]);
        for (const href of new Set(links)) expect((await fetch(href)).status, href).toBe(200);
      } finally {
        await providers.close();
      }
    });
  }, 120_000);

  const appUrlVariable = circleciConnector.env.some((v: { name: string }) => v.name === "CIRCLECI_APP_URL");
  if (!appUrlVariable) console.warn("\n  SKIPPED: the CircleCI connector reads no CIRCLECI_APP_URL yet, so `serve` on simulate's exports alone still links the API host.\n");
  it.runIf(appUrlVariable)("serve on simulate's exports alone links no CircleCI page on the API host", async () => {
    await withSimulate(async (exports) => {
      const providers = await setupProviders({ env: { ...exports, CIRCONUS_API_APP: SIM_CIRCONUS_APP, CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN }, simulated: false, catalog: SIMULATED_CATALOG });
      try {
        const apiOrigin = new URL(exports.CIRCLECI_BASE_URL!).origin;
        expect(circleciLinks(await checkoutPage(providers)).filter((href) => new URL(href).origin === apiOrigin)).toEqual([]);
      } finally {
        await providers.close();
      }
    });
  }, 120_000);
});
