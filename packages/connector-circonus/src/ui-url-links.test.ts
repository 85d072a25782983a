import { AbortedError } from "@toolweave/core";
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

// Review of #27: the account read behind uiLinks() is shared by every caller of the client, so
// it must not be tied to the first caller's signal: that caller's cancel made every concurrent
// caller get `undefined` ("the UI host is not known") instead of the links.
it("one caller's cancel never takes the links from another caller waiting on the same account read", async () => {
  let release!: () => void;
  const answered = new Promise<void>((resolve) => (release = resolve));
  let reads = 0;
  server.use(
    http.get(url("/account/current"), async () => {
      reads += 1;
      await answered;
      return HttpResponse.json(fx.accountCurrent);
    }),
  );
  const client = testClient();
  const first = new AbortController();
  const cancelled = client.uiLinks({ signal: first.signal });
  const waiting = client.uiLinks();
  await expect.poll(() => reads).toBe(1);
  first.abort();
  await expect(cancelled).rejects.toSatisfy((error) => AbortedError.isInstance(error));
  release();
  const links = await waiting;
  expect(links?.alert({ _cid: "/alert/1" })).toMatch(/^https:\/\/.+\/fault-detection\/alerts\/1$/);
});

it("a failed account read is no links for its callers, and is read again on the next call", async () => {
  let fail = true;
  server.use(http.get(url("/account/current"), () => (fail ? HttpResponse.json({ code: 500, message: "boom" }, { status: 500 }) : HttpResponse.json(fx.accountCurrent))));
  const client = testClient({ retry: { retries: 0 } });
  expect(await client.uiLinks()).toBeUndefined();
  fail = false;
  expect(await client.uiLinks()).toBeDefined();
});
