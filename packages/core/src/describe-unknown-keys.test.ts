import { describe, expect, it } from "vitest";
import { describeUnknownKeys, looksLikeSettingName } from "./describe-unknown-keys.js";

describe("looksLikeSettingName", () => {
  it("takes setting names as people mistype them", () => {
    for (const key of ["tokn", "baseURL", "base_url", "page-size", "CIRCLECI_TOKEN", "v1BaseUrl", "retry.retries", "x"]) expect(looksLikeSettingName(key), key).toBe(true);
  });

  it("refuses tokens: long, random-looking, or not one word-shaped line", () => {
    for (const key of [
      "CCIPAT_QQQQQQQQQQQQ_leaked_tail",
      "0123456789abcdef0123456789abcdef01234567",
      "deadbeef-e89b-12d3-a456-426614174000",
      "y_NbAkKc66ryYTWUXYEu",
      "ab12cd34ef",
      "CCIPAT_abc\ndefg",
      "has space",
      "",
    ]) {
      expect(looksLikeSettingName(key), JSON.stringify(key)).toBe(false);
    }
  });
});

describe("describeUnknownKeys", () => {
  it("quotes the name-like keys and counts the others", () => {
    expect(describeUnknownKeys(["tokn"], "setting")).toBe('unknown setting(s) "tokn"');
    expect(describeUnknownKeys(["CCIPAT_QQQQQQQQQQQQ_leaked_tail"], "setting")).toBe(
      "1 unknown setting not shown (its name does not look like a setting name: a value such as a token passed as a key?)",
    );
    expect(describeUnknownKeys(["tokn", "0123456789abcdef0123", "deadbeef-e89b-12d3"], "key")).toBe(
      'unknown key(s) "tokn" and 2 more not shown (their names do not look like key names: a value such as a token passed as a key?)',
    );
    expect(describeUnknownKeys(["ACME_API_TOKEN_PRIVILEGE_X"], "setting", new Set(["ACME_API_TOKEN_PRIVILEGE_X"]))).toBe('unknown setting(s) "ACME_API_TOKEN_PRIVILEGE_X"');
  });
});
