import { describe, expect, it } from "vitest";
import { generateEvents, measureRequests } from "./delivery.js";

// Counts only: the bench's timings are printed by `pnpm bench`, never asserted.
describe("delivery bench", { timeout: 120_000 }, () => {
  it("hub.delivery reads no more than hub.timeline over 30 days, and no pipeline's workflows twice", async () => {
    const { reports } = await measureRequests();
    for (const r of reports) {
      expect(r.delivery.total).toBeLessThanOrEqual(r.timeline.total);
      expect(r.timeline.workflowsReadTwice).toBe(0);
      expect(r.delivery.workflowsReadTwice).toBe(0);
      // A page showing both with one memo: no CircleCI read beyond the timeline's own.
      expect(r.page.workflowsReadTwice).toBe(0);
      expect(r.page.circleci).toBe(r.timeline.circleci);
    }
    // The world shows each kind of failure, so the walk is the one a real report needs.
    const because = reports[0]!.report.changeFailureRate.failures.map((f) => f.because);
    expect(because).toContain("alert");
    expect(because).toContain("rollback");
  });

  it("generates the same events for the same seed, exactly n of them, every kind present", () => {
    const a = generateEvents(2_000, 3);
    expect(a).toHaveLength(2_000);
    expect(generateEvents(2_000, 3)).toEqual(a);
    expect(new Set(a.map((e) => e.kind))).toEqual(new Set(["deploy", "deploy-failed", "alert-opened", "alert-cleared", "annotation"]));
    expect(new Set(a.map((e) => e.env)).size).toBe(4);
  });
});
