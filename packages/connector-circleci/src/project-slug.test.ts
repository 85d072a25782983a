import { InvalidInputError } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { formatProjectSlug, parseOrgSlug, parseProjectSlug, projectPath } from "./project-slug.js";

describe("parseProjectSlug", () => {
  it.each([
    ["gh/acme/checkout", "gh", "gh/acme/checkout"],
    ["github/acme/checkout", "gh", "gh/acme/checkout"],
    ["GitHub/acme/checkout", "gh", "gh/acme/checkout"],
    ["bb/acme/web.site", "bb", "bb/acme/web.site"],
    ["bitbucket/acme/web_site", "bb", "bb/acme/web_site"],
    [" gh/Acme-Corp/Check-Out ", "gh", "gh/Acme-Corp/Check-Out"],
  ])("parses %s", (input, vcs, slug) => {
    const parsed = parseProjectSlug(input);
    expect(parsed.vcs).toBe(vcs);
    expect(parsed.slug).toBe(slug);
  });

  it("keeps the opaque circleci/<org-id>/<project-id> form as is", () => {
    const parsed = parseProjectSlug("circleci/43G3kM5RtfFE7v5sa4nWAU/44n9pujWcTnVZ2b5S8Fnat");
    expect(parsed).toMatchObject({ vcs: "circleci", org: "43G3kM5RtfFE7v5sa4nWAU", repo: "44n9pujWcTnVZ2b5S8Fnat" });
    expect(parseProjectSlug("circleci/7c1f3f4e-2a6b-4d1e-9b1a-3f1c2d4e5f60/4b2e9c1d-8f3a-4e6b-a7c5-1d2e3f4a5b6c").slug).toBe(
      "circleci/7c1f3f4e-2a6b-4d1e-9b1a-3f1c2d4e5f60/4b2e9c1d-8f3a-4e6b-a7c5-1d2e3f4a5b6c",
    );
  });

  it("refuses a slug without a known prefix, naming the expected format", () => {
    for (const input of ["acme/checkout/x", "gitlab/acme/checkout", "acme/checkout"]) {
      const error = (() => {
        try {
          parseProjectSlug(input);
        } catch (e) {
          return e;
        }
      })();
      expect(InvalidInputError.isInstance(error), input).toBe(true);
      expect((error as InvalidInputError).fix).toMatch(/gh\/<org>\/<repo>/);
      expect((error as InvalidInputError).fix).toMatch(/circleci\/<org-id>\/<project-id>/);
    }
  });

  it.each(["gh/acme/../x", "gh/../acme", "gh/acme/checkout?x=1", "gh/acme/check#out", "gh/acme/a%2Fb", "gh/acme/", "gh//checkout", "gh/acme/checkout/extra", "", "gh/ac me/x", "gh/acme/.."])(
    "refuses %j",
    (input) => {
      expect(() => parseProjectSlug(input)).toThrow(InvalidInputError);
    },
  );

  it("round-trips through formatProjectSlug, short and long", () => {
    const parsed = parseProjectSlug("github/acme/checkout");
    expect(formatProjectSlug(parsed)).toBe("gh/acme/checkout");
    expect(formatProjectSlug(parsed, { style: "long" })).toBe("github/acme/checkout");
    expect(formatProjectSlug({ vcs: "bb", org: "acme", repo: "web" }, { style: "long" })).toBe("bitbucket/acme/web");
    expect(parseProjectSlug(formatProjectSlug(parsed))).toEqual(parsed);
    expect(() => formatProjectSlug({ vcs: "gh", org: "acme", repo: "../etc" })).toThrow(InvalidInputError);
  });

  it("accepts an already parsed slug (re-validated)", () => {
    expect(parseProjectSlug({ vcs: "gh", org: "acme", repo: "checkout", slug: "gh/acme/checkout" }).slug).toBe("gh/acme/checkout");
  });
});

describe("projectPath", () => {
  it("builds the request path from encoded segments", () => {
    expect(projectPath("github/acme/checkout")).toBe("project/gh/acme/checkout");
  });
  it("never lets user input change the path", () => {
    expect(() => projectPath("gh/acme/..")).toThrow(InvalidInputError);
    expect(() => projectPath("gh/acme/x?y")).toThrow(InvalidInputError);
  });
});

describe("parseOrgSlug", () => {
  it.each([
    ["gh/acme", "gh/acme"],
    ["github/acme", "gh/acme"],
    ["bitbucket/acme", "bb/acme"],
    ["circleci/43G3kM5RtfFE7v5sa4nWAU", "circleci/43G3kM5RtfFE7v5sa4nWAU"],
  ])("parses %s", (input, slug) => {
    expect(parseOrgSlug(input).slug).toBe(slug);
  });
  it.each(["acme", "gl/acme", "gh/acme/checkout", "gh/.."])("refuses %j", (input) => {
    expect(() => parseOrgSlug(input)).toThrow(InvalidInputError);
  });
});

describe("slug helpers given wrong types by a JavaScript caller", () => {
  it.each([
    ["parseProjectSlug(null)", () => parseProjectSlug(null as never), /project slug.*got null/],
    ["parseProjectSlug(42)", () => parseProjectSlug(42 as never), /project slug.*the number 42/],
    ["parseOrgSlug(undefined)", () => parseOrgSlug(undefined as never), /organization slug.*got undefined/],
    ["formatProjectSlug(null)", () => formatProjectSlug(null as never), /project slug.*got null/],
    ["formatProjectSlug({ vcs: 'gh', org: 5 })", () => formatProjectSlug({ vcs: "gh", org: 5, repo: "x" } as never), /project slug.*an object/],
    ["projectPath(undefined)", () => projectPath(undefined as never), /project slug.*got undefined/],
  ])("%s throws InvalidInputError naming what it got, never a TypeError", (_label, call, message) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe("projectPath, asked again for the same slug", () => {
  it("answers the same path, and refuses a bad slug every time (a refused slug is not remembered)", () => {
    expect(projectPath("github/acme/pay.ments")).toBe("project/gh/acme/pay.ments");
    expect(projectPath("github/acme/pay.ments")).toBe("project/gh/acme/pay.ments");
    expect(() => projectPath("gh/acme")).toThrow(InvalidInputError);
    expect(() => projectPath("gh/acme")).toThrow(InvalidInputError);
  });
});
