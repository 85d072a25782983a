import { describe, expect, it } from "vitest";
import { gap, shortSha, time } from "./index.js";

// One wording for the CLI and the page: the same gap, commit and instant read the same in both.

describe("the shared wording", () => {
  it("says a gap in seconds, minutes, hours or days", () => {
    expect([0, 45_000, 59_700, 12 * 60_000, 60 * 60_000, 95 * 60_000, 185 * 60_000, 50 * 3_600_000].map(gap)).toEqual([
      "0 s",
      "45 s",
      "1 min",
      "12 min",
      "1 h",
      "1 h 35 min",
      "3 h 5 min",
      "2 d 2 h",
    ]);
  });

  it("shortens a commit SHA, and says when there is none", () => {
    expect(shortSha("b7c1e0f9a2d34c5b8e6f7a1b2c3d4e5f6a7b8c9d")).toBe("b7c1e0f");
    expect([shortSha(null), shortSha(undefined), shortSha("")]).toEqual(["no commit", "no commit", "no commit"]);
  });

  it("writes an instant in UTC, with or without the zone", () => {
    expect(time("2026-11-25T08:50:31.000Z")).toBe("2026-11-25 08:50 UTC");
    expect(time("2026-11-25T10:50:00+02:00")).toBe("2026-11-25 08:50 UTC");
    expect(time("2026-11-25T08:50:00Z", { zone: false })).toBe("2026-11-25 08:50");
    expect([time(null), time(undefined), time("not a date")]).toEqual(["n/a", "n/a", "not a date"]);
  });
});

describe("forCli: a library's fix said in the CLI's words", () => {
  it("the page limit becomes --max-pages, and toArray({ limit }) (library-only) is dropped", async () => {
    const { forCli } = await import("./fix.js");
    expect(forCli("Raise maxPages or narrow the query (branch, dates, filters); use toArray({ limit }) to take only the first items.")).toBe(
      "Rerun with a higher --max-pages (default 1000) or narrow the query (branch, dates, filters).",
    );
    expect(forCli("The token expired: run verify again.")).toBe("The token expired: run `toolweave-demo doctor` again.");
  });
});
