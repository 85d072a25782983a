import type { PageInsights } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { clampTooltip, insightsToResults } from "./insights-to-results.js";
import { ResultSchema } from "./protocol.js";

const page = (items: PageInsights["items"]): PageInsights => ({
  resolution: { url: "https://github.com/acme/checkout", matched: true, service: "checkout", incomplete: [] },
  since: "2026-11-24T12:00:00.000Z",
  until: "2026-11-25T12:00:00.000Z",
  items,
  incomplete: [],
  complete: true,
});

describe("insightsToResults", () => {
  it("cuts tooltips to 500 characters without splitting a character, and leaves blank ones out", () => {
    expect(clampTooltip("x".repeat(500))).toHaveLength(500);
    const cut = clampTooltip(`${"x".repeat(498)}😀😀`)!;
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut).toBe(`${"x".repeat(498)}…`);
    expect(clampTooltip(" \n ")).toBeUndefined();
    expect(clampTooltip(undefined)).toBeUndefined();
  });

  it("keeps only http(s) links: a dropdown without one is a link or a text", () => {
    const { data } = insightsToResults(
      page([
        { topic: "suspect", status: "important", text: "suspect", url: "data:text/html,<script>", links: [{ text: "x", url: "javascript:void 0" }, { text: "y", url: "vbscript:x" }] },
        { topic: "latest-build", status: "success", text: "main: #12 passed", url: "https://gitlab.com/acme/checkout/-/pipelines/12", provider: "gitlab", links: [{ text: "", url: "ftp://files.example" }] },
        { topic: "open-alerts", status: "relevant", text: "1 alert", provider: "circonus", links: [{ text: "", url: "HTTPS://Acme.Circonus.com/fault-detection?alert_id=1" }] },
      ]),
    );
    expect(data).toEqual([
      { type: "text", content: "suspect", status: "important" },
      // No icon of its own in the extension: the generic link icon.
      { type: "link", content: "main: #12 passed", href: "https://gitlab.com/acme/checkout/-/pipelines/12", status: "success", icon: "link" },
      { type: "dropdown", content: "1 alert", status: "relevant", items: [{ content: "https://acme.circonus.com/fault-detection?alert_id=1", href: "https://acme.circonus.com/fault-detection?alert_id=1" }] },
    ]);
    for (const result of data) expect(ResultSchema.safeParse(result).success).toBe(true);
  });
});
