import type { ServiceEvent } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { FIXTURE_EVIDENCE, fixtureDelivery } from "./delivery-fixture.js";
import { renderDeliveryPanel } from "./delivery-panel.js";

// From the adversarial review of delivery health (#30): a failure's line holds an alert title
// from Circonus, then its env and time in the same <li> (one bidi paragraph): a right-to-left
// override in the title displayed the time after it reversed, and a terminal escape went through.
const BIDI_OR_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("renderDeliveryPanel with hostile text from the tools", () => {
  const hostile = "p99 \u202Eevil \u2066x\u001b[8mhidden\u0007";
  const evidence: ServiceEvent[] = FIXTURE_EVIDENCE.map((e) =>
    e.id === "cid-12:opened" ? { ...e, title: hostile, env: "prod\u202E" } : e.id === "wf-prod-2" ? { ...e, title: `deploy-checkout #1043 \u2067` } : e,
  );
  const html = renderDeliveryPanel(fixtureDelivery({ evidence }), { events: [] });

  it("prints no bidi override, isolate or control character a title or env carried", () => {
    expect(html).not.toMatch(BIDI_OR_CONTROL);
  });

  it("still shows the title's text, with each character it cannot print replaced", () => {
    expect(html).toContain("p99 \uFFFDevil \uFFFDx\uFFFD[8mhidden\uFFFD");
    expect(html).toContain("deploy-checkout #1043 \uFFFD");
  });
});
