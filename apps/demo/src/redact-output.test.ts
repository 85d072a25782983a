import { Secret } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { redactOutput, redactString, redactingStream } from "./redact-output.js";

// The one redaction of the demo's outputs (src/secrets-in-data.test.ts checks every output end to end).

const held = new Secret("hunter2-Canary-7f3a9c1e5b2d", { label: "TEST_TOKEN" });

describe("redactOutput", () => {
  it("masks a live secret anywhere in text, any letter case", () => {
    expect(redactString(`fix: use hunter2-Canary-7f3a9c1e5b2d now`)).toBe(`fix: use ${held.masked} now`);
    expect(redactString("HUNTER2-CANARY-7F3A9C1E5B2D")).not.toMatch(/7F3A9C1E/i);
  });

  it("masks a URL's sensitive query parameters inside text, and leaves other URLs as written", () => {
    expect(redactString("see https://ops.example/alerts/1?token=abc123xyz&view=full.")).toBe("see https://ops.example/alerts/1?token=REDACTED&view=full.");
    expect(redactString("\u001b[90mhttps://u:pw@ops.example/a\u001b[39m")).toBe("\u001b[90mhttps://ops.example/a\u001b[39m");
    // No sensitive part: not re-serialised (no trailing slash added, order kept).
    expect(redactString("https://ops.example?page=2&b=1")).toBe("https://ops.example?page=2&b=1");
  });

  it("walks values as JSON reads them, copying only what changes", () => {
    const clean = { a: ["x", { b: 1 }], when: new Date(0) };
    expect(redactOutput(clean)).toBe(clean);
    const dirty = { title: "hunter2-Canary-7f3a9c1e5b2d", keep: clean, ["hunter2-Canary-7f3a9c1e5b2d"]: true, secret: held };
    const out = redactOutput(dirty);
    expect(out.keep).toBe(clean);
    expect(JSON.stringify(out)).not.toContain("7f3a9c1e");
    expect(out.title).toBe(held.masked);
    expect(dirty.title).toBe("hunter2-Canary-7f3a9c1e5b2d");
  });

  it("redacts every write of a stream and keeps its TTY flag", () => {
    let text = "";
    const stream = redactingStream({ write: (t: string) => (text += t), isTTY: true });
    stream.write("token hunter2-Canary-7f3a9c1e5b2d\n");
    expect(text).toBe(`token ${held.masked}\n`);
    expect(stream.isTTY).toBe(true);
  });

  it("makes every write terminal-safe: tool data cannot clear the screen, hide a link or reorder a line; the painter's colours stay (review of #26)", () => {
    let out = "";
    const stream = redactingStream({ write: (t: string) => (out += t), isTTY: true });
    stream.write("\u001b[1mbold\u001b[22m why: \u001b[2J\u001b]8;;http://evil/\u0007x\u001b]8;;\u0007 \u202Eabc\r\n\tok");
    expect(out).toBe("\u001b[1mbold\u001b[22m why: \uFFFD[2J\uFFFD]8;;http://evil/\uFFFDx\uFFFD]8;;\uFFFD \uFFFDabc\r\n\tok");
  });
});
