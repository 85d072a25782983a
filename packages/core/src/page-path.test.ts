import { describe, expect, it } from "vitest";
import { decodePathSegments, pagePathUnder } from "./page-path.js";

describe("pagePathUnder", () => {
  it("gives the decoded segments under the app's root, or undefined off the app", () => {
    const root = new URL("https://ci.example.com/ui/");
    expect(pagePathUnder(new URL("https://CI.example.com:443/ui/pipelines/github/acme%20inc/x/?q=1#f"), root)).toEqual({ raw: ["pipelines", "github", "acme%20inc", "x"], segments: ["pipelines", "github", "acme inc", "x"] });
    expect(pagePathUnder(new URL("https://ci.example.com/ui"), root)).toEqual({ raw: [], segments: [] });
    expect(pagePathUnder(new URL("https://ci.example.com/uix/pipelines"), root)).toBeUndefined();
    expect(pagePathUnder(new URL("https://ci.example.com/pipelines"), root)).toBeUndefined();
    expect(pagePathUnder(new URL("http://ci.example.com/ui/pipelines"), root)).toBeUndefined();
    expect(pagePathUnder(new URL("https://ci.example.com:8443/ui/pipelines"), root)).toBeUndefined();
    expect(pagePathUnder(new URL("https://ci.example.com/x"), new URL("https://ci.example.com"))).toEqual({ raw: ["x"], segments: ["x"] });
  });

  it("reports a malformed escape instead of throwing", () => {
    expect(decodePathSegments("/a/%E0%A4%A/b")).toEqual({ malformed: true });
    expect(decodePathSegments("//a///b/")).toEqual({ raw: ["a", "b"], segments: ["a", "b"] });
  });
});
