import { configurationErrorOf, secretLeakCheck } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { createCirconus } from "./create-circonus.js";
import { DEFAULT_BASE_URL } from "./settings.js";

// Each case uses its own token: a Secret made by an earlier case stays registered (and masked) until collected.
let serial = 0;
const freshToken = () => `${String(++serial).padStart(8, "0")}-e89b-42d3-a456-426614174000`;

const configError = (input: unknown) => configurationErrorOf(() => createCirconus(input as never));
const expectNowhere = (error: unknown, token: string) => secretLeakCheck(token).expectRedactedError(error, "settings error");

describe("Circonus settings problems never print a token given in the wrong place", () => {
  it("a token as uiUrl", () => {
    const token = freshToken();
    expectNowhere(configError({ token: freshToken(), appName: "a", uiUrl: token }), token);
  });

  it("a token inside an invalid appName, naming the characters at fault", () => {
    for (const appName of [(t: string) => `${t} x`, (t: string) => `${t}/`]) {
      const token = freshToken();
      const error = configError({ token: "not-a-uuid-at-all", appName: appName(token) });
      expectNowhere(error, token);
      expect(error.problems.map((p) => p.name)).toEqual(["token", "appName"]);
    }
    expect(configError({ token: freshToken(), appName: "has space/x" }).problems[0]!.problem).toBe(
      'appName has characters outside letters, digits, ".", "_", "-": a space, "/"',
    );
  });

  it("a token as a conventions key", () => {
    const token = freshToken();
    expectNowhere(configError({ token: freshToken(), appName: "a", conventions: { [token]: "x" } }), token);
  });

  it("a token in a baseUrl read as a bare host", () => {
    const token = freshToken();
    expectNowhere(configError({ token: freshToken(), appName: "a", baseUrl: `${token}:x@api.circonus.com` }), token);
  });

  it("token and baseUrl swapped: refused, neither printed, and the fix's example URL is not masked", () => {
    const swapped = freshToken();
    const error = configError({ token: DEFAULT_BASE_URL, appName: "a", baseUrl: swapped });
    expectNowhere(error, swapped);
    expect(error.problems.map((p) => p.name)).toEqual(["token", "baseUrl (CIRCONUS_API_URL)"]);
    expect(error.fix).toContain(DEFAULT_BASE_URL);
  });
});
