import { configurationErrorOf, secretLeakCheck } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { createCircleCI } from "./create-circleci.js";
import { DEFAULT_BASE_URL } from "./settings.js";

// Each case uses its own token: a Secret made by an earlier case stays registered (and masked) until collected.
let serial = 0;
const freshToken = () => `CCIPAT_${++serial}Kq8Zleak7Vb3_${"c0ffee00".repeat(5)}`;
const legacy = () => `${String(++serial).padStart(8, "0")}${"deadbeef".repeat(4)}`;

const configError = (input: unknown) => configurationErrorOf(() => createCircleCI(input as never));
const expectNowhere = (error: unknown, token: string) => secretLeakCheck(token).expectRedactedError(error, "settings error");

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
