import { ConfigurationError } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { envVariableName } from "./index.js";

describe("envVariableName", () => {
  it("returns the declared name without prefix or profile", () => {
    expect(envVariableName("CIRCLECI_TOKEN")).toBe("CIRCLECI_TOKEN");
  });

  it("prepends the prefix", () => {
    expect(envVariableName("CIRCLECI_TOKEN", { prefix: "TOOLWEAVE_" })).toBe("TOOLWEAVE_CIRCLECI_TOKEN");
  });

  it("appends the upper-cased profile after a double underscore", () => {
    expect(envVariableName("CIRCONUS_API_TOKEN", { profile: "acme_eu2" })).toBe("CIRCONUS_API_TOKEN__ACME_EU2");
    expect(envVariableName("CIRCLECI_TOKEN", { prefix: "TOOLWEAVE_", profile: "acme" })).toBe(
      "TOOLWEAVE_CIRCLECI_TOKEN__ACME",
    );
  });

  it.each(["Acme", "acme-prod", "", "acme prod"])("refuses the profile %j, naming the option and format", (profile) => {
    const error = catchError(() => envVariableName("CIRCLECI_TOKEN", { profile }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toContain("`profile`");
    expect((error as ConfigurationError).fix).toContain("lower-case letters, digits and underscores");
  });

  it.each(["toolweave_", "TOOLWEAVE", "", "1TW_", "TOOL-WEAVE_"])("refuses the prefix %j, naming the option and format", (prefix) => {
    const error = catchError(() => envVariableName("CIRCLECI_TOKEN", { prefix }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toContain("`prefix`");
    expect((error as ConfigurationError).fix).toContain('"TOOLWEAVE_"');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
