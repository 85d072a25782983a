import { describe, expect, it } from "vitest";
import { printableText } from "./printable-text.js";
import { Secret } from "./secret.js";

describe("printableText", () => {
  it("masks a live secret before cutting, so a cut never leaves most of it", () => {
    const token = new Secret("CCIPAT_Zx9Lq2Rt7Vw3Yb8Nc4Md6Pf1Gh5Jk0Ss2Tt4Uu");
    const text = `${"x".repeat(440)} ${token.reveal()} tail`;
    const shown = printableText(text, 500);
    expect(shown.length).toBeLessThanOrEqual(500);
    expect(shown).not.toContain(token.reveal().slice(0, 20));
  });

  it("replaces control characters and bidi overrides, keeps other text, never splits a surrogate pair", () => {
    expect(printableText("a\u001b[2Jb\u202Ec\u0000d\nnew")).toBe("a\uFFFD[2Jb\uFFFDc\uFFFDd\uFFFDnew");
    expect(printableText("é日本 🚀 ok")).toBe("é日本 🚀 ok");
    expect(printableText("ab🚀c", 4)).toBe("ab…");
    expect(printableText("abcdef", 4)).toBe("abc…");
  });
});
