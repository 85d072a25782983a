// Starts Chromium (new headless) with the unpacked extension from dist/, the stand-in sites'
// hosts mapped to loopback, and only their certificate trusted. Every other hostname fails to
// resolve, so nothing reaches the internet.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { SITE_HOSTS } from "./stand-in-sites.mjs";

export const EXTENSION_DIR = new URL("../../dist/", import.meta.url).pathname.replace(/\/$/, "");

/**
 * @param {{ executablePath: string, sitesPort: number, spkiSha256: string, extraHosts?: string[] }} options
 */
export async function launchWithExtension({ executablePath, sitesPort, spkiSha256, extraHosts = ["ci.acme.example"] }) {
  const userDataDir = mkdtempSync(join(tmpdir(), "toolweave-extension-chromium-"));
  const rules = [...SITE_HOSTS, ...extraHosts].map((host) => `MAP ${host} 127.0.0.1:${sitesPort}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    // Playwright disables extensions by default.
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=${[...rules, "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1", "EXCLUDE localhost"].join(", ")}`,
      `--ignore-certificate-errors-spki-list=${spkiSha256}`,
    ],
    viewport: { width: 1280, height: 720 },
    timeout: 60_000,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 60_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    optionsUrl: `chrome-extension://${extensionId}/options.html`,
    /** Fills and saves the options page (as a person would) and waits for its answer. */
    async saveOptions(serverUrl, token) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      await page.locator("#serverUrl").fill(serverUrl);
      await page.locator("#token").fill(token);
      await page.getByRole("button", { name: "Save" }).click();
      await page.locator("#status").filter({ hasText: /^Saved/ }).waitFor();
      const status = await page.locator("#status").textContent();
      await page.close();
      return status ?? "";
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
