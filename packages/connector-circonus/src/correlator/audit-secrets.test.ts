// Review of the MCP naming_audit: a tag holding a live token came back in the suggested tag
// slugged (`team:ccipat-q7vj2…`), a form redaction no longer recognises.
import { redactText, Secret } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_TAG_CONVENTIONS } from "../conventions.js";
import { createCorrelator } from "./create-correlator.js";

const TOKEN = "CCIPAT_Q7vJ2mK9xL4pR8tW1nB6cF3hD5gS0aZeYuIoPlMk";
const UUID = "3f9a2c7e-1b4d-4e6f-8a2b-9c0d1e2f3a4b";
// Held for the whole file: a Secret that is garbage-collected leaves the registry.
const secrets = [new Secret(TOKEN), new Secret(UUID)];
const correlator = createCorrelator({ conventions: DEFAULT_TAG_CONVENTIONS });

/** Letters and digits only, lower case: what survives any re-casing or re-hyphenation. */
const folded = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
const carriesSecret = (text: string) => secrets.some((s) => folded(text).includes(folded(s.reveal())));

describe("audit of tags holding a live secret", () => {
  const findings = correlator.audit([
    {
      _cid: "/check_bundle/7",
      display_name: "billing health",
      tags: ["service:billing", `team:${TOKEN}`, `service:billing ${TOKEN}`, `ENV:${UUID.toUpperCase()}`, `Component:Worker ${UUID}`],
    },
  ]);

  it("keeps every finding, as an error to fix, but suggests no tag derived from it", () => {
    expect(findings.map((f) => f.rule)).toEqual([
      "tag-lowercase",
      "tag-malformed",
      "tag-lowercase",
      "tag-malformed",
      "tag-lowercase",
      "tag-malformed",
      "tag-lowercase",
      "tag-malformed",
    ]);
    for (const f of findings) {
      expect(f.suggestion).toBeUndefined();
      expect(f.message).toContain("remove the secret from the tag");
      expect(f.severity).toBe("error");
    }
  });

  it("leaves no re-cased or re-hyphenated form of the secret once redacted", () => {
    expect(carriesSecret(redactText(JSON.stringify(findings)))).toBe(false);
  });

  it("still suggests tags for names without a secret", () => {
    const plain = correlator.audit([{ _cid: "/check_bundle/8", display_name: "x", tags: ["service:billing", "Team:Payments Ops"] }]);
    expect(plain.map((f) => f.suggestion)).toEqual(["team:payments ops", "team:payments-ops"]);
  });
});
