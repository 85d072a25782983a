import { inspect } from "node:util";
import { ConfigurationError } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { createCircleCI } from "./create-circleci.js";
import { DEFAULT_BASE_URL } from "./settings.js";

// Each case uses its own token: a Secret made by an earlier case stays registered (and masked) until collected.
let serial = 0;
const freshToken = () => `CCIPAT_${++serial}Kq8Zleak7Vb3_${"c0ffee00".repeat(5)}`;
const legacy = () => `${String(++serial).padStart(8, "0")}${"deadbeef".repeat(4)}`;

function configError(input: unknown): ConfigurationError {
  try {
    createCircleCI(input as never);
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigurationError");
}

/** The token in any form it could be printed in (as is, any case, percent-encoded, JSON-escaped, one of its lines, or cut after 20 characters), in every text the error can be printed as. */
function expectNowhere(error: ConfigurationError, token: string): void {
  const text = [error.message, error.fix ?? "", String(error), error.stack ?? "", JSON.stringify(error), inspect(error)].join("\n").toLowerCase();
  const forms = [token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1), token.slice(0, 20), ...token.split(/[\r\n]+/).filter((line) => line.length >= 8)];
  for (const form of forms) expect(text, `${JSON.stringify(form)} printed`).not.toContain(form.toLowerCase());
}

describe("CircleCI settings problems never print a token given in the wrong place", () => {
  it("a token used as a setting name", () => {
    const token = freshToken();
    const error = configError({ [token]: true });
    expectNowhere(error, token);
    expect(error.problems.map((p) => p.name)).toEqual(["token", "settings"]);
    expect(error.message).toContain("1 unknown setting not shown");
  });

  it("a token with a line feed, passed as the token and as a key", () => {
    const token = `CCIPAT_abc\n${freshToken()}`;
    expectNowhere(configError({ token, [token]: 1 }), token);
  });

  it("token and baseUrl swapped: neither printed, and the fix's example URL is not masked", () => {
    const token = freshToken();
    const error = configError({ token: DEFAULT_BASE_URL, baseUrl: token });
    expectNowhere(error, token);
    expect(error.problems.map((p) => p.name)).toEqual(["token", "baseUrl (CIRCLECI_BASE_URL)"]);
    expect(error.fix).toContain(`"${DEFAULT_BASE_URL}"`);
  });

  it.each([
    ["as appUrl", (token: string) => ({ appUrl: token })],
    ["inside the baseUrl path", (token: string) => ({ baseUrl: `https://circleci.com/${token}/v2` })],
  ])("a token %s", (_, settings) => {
    const token = freshToken();
    expectNowhere(configError({ token: legacy(), ...settings(token) }), token);
  });

  it("a token as a conventions key", () => {
    const token = freshToken();
    expectNowhere(configError({ token: legacy(), conventions: { [token]: "x" } }), token);
  });
});
