import { useMswServer } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { expect, it } from "vitest";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { testClient, url } from "./test-utils.js";

const { server } = useMswServer();

// A UI root the user configured (uiUrl / CIRCONUS_UI_URL) is where they reach Circonus: an
// alert's link stays on it even when the API's `_alert_url` names another host (a proxy, an
// internal name, the simulation's own host).
it("with uiUrl set, an alert links to the configured UI, not the host its _alert_url names", async () => {
  const alert = { ...fx.alertList[0]!, _alert_url: "https://internal-name.example.net/fault-detection/alerts/4378611" };
  server.use(http.get(url("/alert/4378611"), () => HttpResponse.json(alert)));
  const configured = testClient({ uiUrl: "https://ops.acme.example/" });
  const links = await configured.uiLinks();
  expect(links!.alert(alert)).toBe("https://ops.acme.example/fault-detection/alerts/4378611");

  // Without uiUrl, the API's own link is kept (the account's UI is what the API says).
  server.use(http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)));
  const learnt = await testClient().uiLinks();
  expect(learnt!.alert(alert)).toBe("https://internal-name.example.net/fault-detection/alerts/4378611");
});
