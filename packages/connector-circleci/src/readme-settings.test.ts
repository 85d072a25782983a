// The README's settings table is made from the settings table, so the two cannot drift.
import { expectReadmeSettingsTable } from "@toolweave/core/testing";
import { it } from "vitest";
import { circleciSettings } from "./settings.js";

it("the README's settings table is the one src/settings.ts declares", () => {
  expectReadmeSettingsTable(new URL("../README.md", import.meta.url), circleciSettings);
});
