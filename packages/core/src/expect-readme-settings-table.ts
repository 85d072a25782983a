import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const START = "<!-- settings-table:start (made from the settings table: run this test with UPDATE_README=1 to rewrite it) -->";
const END = "<!-- settings-table:end -->";

/**
 * Holds a README's settings table to the connector's settings table (`settings.readme()` of
 * `defineSettings`), so the two cannot drift. The README marks the table with
 * `<!-- settings-table:start … -->` and `<!-- settings-table:end -->`; run the test with
 * `UPDATE_README=1` to rewrite what lies between them.
 */
export function expectReadmeSettingsTable(readme: URL, settings: { readme(): string }): void {
  const path = fileURLToPath(readme);
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  expect(start >= 0 && end > start, `${path} has no settings table markers: put ${START} and ${END} around the settings table.`).toBe(true);
  const wanted = `${text.slice(0, start + START.length)}\n${settings.readme()}\n${text.slice(end)}`;
  if (wanted !== text && process.env.UPDATE_README === "1") writeFileSync(path, wanted);
  else expect(text, `${path}'s settings table differs from the settings declared in src/settings.ts: run this test with UPDATE_README=1 to rewrite it`).toBe(wanted);
}
