#!/usr/bin/env node
// `pnpm --filter @toolweave/example-browser-extension screenshot`: the built extension in
// Chromium, answered by the real toolweave server (`demo serve` on `demo simulate`'s APIs), on
// plausible stand-in pages for the suspect deploy's CircleCI pipeline and the Circonus alert it is
// suspect of, saved as PNGs into screenshots/ for the READMEs. Nothing leaves the machine.
import { mkdirSync } from "node:fs";
import { findChromium } from "../../../scripts/find-chromium.mjs";
import { launchWithExtension } from "../test/support/launch-extension.mjs";
import { startDemoServer } from "../test/support/start-demo-server.mjs";
import { startStandInSites } from "../test/support/stand-in-sites.mjs";

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.error("Chromium is missing: install it with apt-get update && apt-get install -y chromium.");
  process.exit(1);
}
const out = new URL("../screenshots/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const PIPELINE_PAGE = "https://app.circleci.com/pipelines/github/acme/checkout/1043";
// Throwaway: the server lives as long as this script.
const token = "tw-screenshot-token-5e8a1c90d7b3";
const WIDTH = 1100;

const demo = startDemoServer({ token });
let sites;
let browser;
try {
  sites = await startStandInSites({ look: "plausible" });
  const { url } = await demo.ready;
  browser = await launchWithExtension({ executablePath: chromiumPath, sitesPort: sites.port, spkiSha256: sites.spkiSha256 });
  await browser.saveOptions(url, token);
  // The alert the pipeline's deploy is suspect of, as the server links it.
  const answer = await fetch(`${url}/context`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ type: "generic", url: PIPELINE_PAGE }) });
  const alertId = /\/fault-detection\/alerts\/(\d+)$/.exec((await answer.json()).data?.[0]?.items?.[0]?.href ?? "")?.[1];
  if (!alertId) throw new Error(`demo serve links no alert from ${PIPELINE_PAGE}: has the simulation changed?`);

  for (const shot of [
    { file: "circleci-pipeline.png", url: PIPELINE_PAGE },
    { file: "circonus-alert.png", url: `https://acme.circonus.com/fault-detection/alerts/${alertId}` },
  ]) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: WIDTH, height: 480 });
    await page.goto(shot.url);
    await page.locator("#toolweave-bar-host [data-state=results]").waitFor({ timeout: 30_000 });
    // The first dropdown, opened by keyboard, as the focus ring shows.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const menu = page.locator("#toolweave-bar-host .menu:not([hidden])");
    await menu.waitFor();
    const box = await menu.boundingBox();
    const height = Math.min(480, Math.ceil((box ? box.y + box.height : 200) + 200));
    await page.screenshot({ path: `${out}${shot.file}`, clip: { x: 0, y: 0, width: WIDTH, height } });
    console.log(`saved screenshots/${shot.file}`);
    await page.close();
  }
} finally {
  await browser?.close();
  await Promise.all([sites?.close(), demo.stop()]);
}
