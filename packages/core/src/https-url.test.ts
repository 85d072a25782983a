import { describe, expect, it } from "vitest";
import { httpsUrl } from "./https-url.js";

describe("httpsUrl", () => {
  it("keeps an absolute https URL and drops anything else a server might send", () => {
    expect(httpsUrl("https://example-ops.circonus.com/fault-detection/alerts/12")).toBe("https://example-ops.circonus.com/fault-detection/alerts/12");
    for (const odd of ["", " ", "http://plain.example/", "javascript:alert(1)", "/relative", "https://", "https://a b", null, undefined, 42]) {
      expect(httpsUrl(odd as string), String(odd)).toBeUndefined();
    }
  });
});
