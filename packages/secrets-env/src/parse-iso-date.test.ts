import { describe, expect, it } from "vitest";
import { parseIsoDate } from "./parse-iso-date.js";

describe("parseIsoDate", () => {
  it.each([
    ["2025-01-31", "2025-01-31T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2025-01-31T09:30:00Z", "2025-01-31T09:30:00.000Z"],
    ["2025-01-31T09:30Z", "2025-01-31T09:30:00.000Z"],
    ["2025-01-31T09:30:00.250Z", "2025-01-31T09:30:00.250Z"],
    ["2025-01-31T09:30:00+02:00", "2025-01-31T07:30:00.000Z"],
    ["2025-01-31T23:30:00-05:00", "2025-02-01T04:30:00.000Z"],
  ])("reads %s", (text, iso) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    "2025-02-30",
    "2025-02-29",
    "2025-13-01",
    "2025-00-10",
    "2025-01-31T24:00:00Z",
    "2025-01-31T09:30:00", // no zone: ambiguous
    "31/01/2025",
    "2025-1-31",
    "yesterday",
    "1738315800",
    " 2025-01-31",
  ])("refuses %j", (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});
