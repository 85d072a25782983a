import { describe, expect, it } from "vitest";
// The server's own zod schemas of the ToolJump protocol, to cross-check the bar's hand-written reader.
import { ConfigResponseSchema, ContextRequestSchema, ContextResponseSchema, ResultSchema } from "../../../apps/demo/src/tooljump/protocol.js";
import { contextFor } from "../src/context.js";
import { failureLine } from "../src/failure-line.js";
import { readAnswer, readCustomDomains, safeHref } from "../src/results.js";
import { DEFAULT_SERVER_URL, normaliseServerUrl } from "../src/settings.js";
import { GITHUB_RESULTS, startStandInServer } from "./support/stand-in-server.mjs";

describe("readAnswer (checked against the server's protocol schemas)", () => {
  const valid = [
    { type: "text", content: "checkout · prod" },
    { type: "text", content: "x", status: "important", tooltip: "why", icon: "circleci" },
    { type: "link", content: "pipeline", href: "https://app.circleci.com/pipelines/github/acme/checkout/1", status: "success" },
    { type: "dropdown", content: "alerts", items: [{ content: "sev 1", href: "https://acme.circonus.com/fault-detection/alerts/1", status: "important", tooltip: "t" }] },
  ];
  const rejected: [unknown, string][] = [
    [{ type: "link", content: "no href" }, "data[0].href is not text"],
    [{ type: "dropdown", content: "no items" }, "data[0].items is not a list"],
    [{ type: "image", content: "x" }, "data[0].type is not text, link or dropdown"],
    [{ type: "text", content: 3 }, "data[0].content is not text"],
    [{ type: "text", content: "x", status: "urgent" }, "data[0].status is not one of important, relevant, success, none"],
    [{ type: "text", content: "x", tooltip: "" }, "data[0].tooltip is not text of 1 to 500 characters"],
    [{ type: "text", content: "x", tooltip: "y".repeat(501) }, "data[0].tooltip is not text of 1 to 500 characters"],
    [{ type: "dropdown", content: "d", items: [{ content: "i" }] }, "data[0].items[0].href is not text"],
  ];

  it("reads every result the protocol allows, in the envelope and as a bare list", () => {
    for (const result of valid) expect(ResultSchema.safeParse(result).success).toBe(true);
    const envelope = { data: valid, count: valid.length, cacheHits: 0, failedCount: 0, timestamp: "2026-01-01T00:00:00Z", integrationNames: ["x"] };
    expect(ContextResponseSchema.safeParse(envelope).success).toBe(true);
    expect(readAnswer(envelope)).toEqual({ ok: true, value: valid });
    expect(readAnswer(valid)).toEqual({ ok: true, value: valid });
  });

  it("rejects, naming the part, what the protocol rejects", () => {
    for (const [result, problem] of rejected) {
      expect(ResultSchema.safeParse(result).success).toBe(false);
      expect(readAnswer({ data: [result] })).toEqual({ ok: false, problem });
    }
    expect(readAnswer({ results: [] })).toEqual({ ok: false, problem: "the answer is neither a list of results nor { data: [...] }" });
    expect(readAnswer("<html>")).toMatchObject({ ok: false });
  });

  it("reads hostile results the protocol would refuse, to show them as text (a javascript: href is not a link)", () => {
    expect(ResultSchema.safeParse(GITHUB_RESULTS[2]).success).toBe(false);
    expect(readAnswer({ data: GITHUB_RESULTS })).toMatchObject({ ok: true });
    expect(safeHref("javascript:window.__pwned=1")).toBeUndefined();
    expect(safeHref("JaVaScRiPt:alert(1)")).toBeUndefined();
    expect(safeHref("data:text/html,<script>1</script>")).toBeUndefined();
    expect(safeHref("/relative")).toBeUndefined();
    expect(safeHref("https://github.com/acme/checkout")).toBe("https://github.com/acme/checkout");
  });

  it("reads the server's custom domains as origins, skipping what the manifest covers and anything not an origin", () => {
    const config = { adapters: [], customDomains: ["https://ci.acme.example", "https://app.circleci.com", "https://ops.acme.example:8443"], timestamp: "2026-01-01T00:00:00Z" };
    expect(ConfigResponseSchema.safeParse(config).success).toBe(true);
    expect(readCustomDomains(config)).toEqual(["https://ci.acme.example", "https://ops.acme.example:8443"]);
    expect(readCustomDomains({ customDomains: ["ci.other.example", "https://x.example/path", "ftp://y.example", "https://u:p@z.example", 7] })).toEqual(["https://ci.other.example"]);
    expect(readCustomDomains({})).toEqual([]);
  });
});

describe("contextFor", () => {
  it("sends contexts the server's schema accepts", () => {
    for (const url of ["https://github.com/acme/checkout/tree/main", "https://github.com/acme/checkout/commit/3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4", "https://github.com/settings/profile", "https://app.circleci.com/pipelines/github/acme/checkout"]) {
      expect(ContextRequestSchema.safeParse(contextFor(url)).success).toBe(true);
    }
    const sectionOf = (url: string) => {
      const context = contextFor(url);
      return context.type === "github" ? context.page?.section : undefined;
    };
    expect(sectionOf("https://github.com/acme/checkout/tree/main")).toEqual({ name: "code", hash: "main" });
    expect(sectionOf("https://github.com/acme/checkout/commit/3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4")).toEqual({ name: "code", hash: "3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4" });
    // A GitHub page that is not about one repository carries the URL only.
    expect(contextFor("https://github.com/settings/profile")).toEqual({ type: "github", url: "https://github.com/settings/profile" });
  });

  it("removes credentials and masks secret query parameters before the URL leaves the browser", () => {
    expect(contextFor("https://me:pw@ci.acme.example/x?token=abcdef0123456789&page=2")).toEqual({ type: "generic", url: "https://ci.acme.example/x?token=REDACTED&page=2" });
  });
});

describe("failureLine", () => {
  const at = "http://127.0.0.1:4020";
  it("says what to do, for each failure", () => {
    expect(failureLine(at, { kind: "status", status: 401, tokenSet: true })).toBe(`toolweave server at ${at} refused the token: set it in the extension's options.`);
    expect(failureLine(at, { kind: "status", status: 401, tokenSet: false })).toBe(`toolweave server at ${at} needs a token: set it in the extension's options.`);
    expect(failureLine(at, { kind: "status", status: 429, tokenSet: false })).toMatch(/limiting requests from this browser: reload the page in a few minutes/);
    expect(failureLine(at, { kind: "status", status: 500, tokenSet: false, detail: "boom" })).toBe(`toolweave server at ${at} answered HTTP 500 (boom): see the server's log.`);
    expect(failureLine(at, { kind: "unreachable" })).toMatch(/is not answering: start it/);
    expect(failureLine(at, { kind: "not-allowed" })).toMatch(/open the extension's options and save the URL again/);
  });

  it("never shows the token, even when the server echoes it", () => {
    const token = "tw-secret-7d2e91c0b4a6";
    const line = failureLine(at, { kind: "status", status: 400, tokenSet: true, detail: `bad header Bearer ${token}` }, token);
    expect(line).not.toContain(token);
    expect(line).toMatch(/did not accept this page's context/);
  });
});

describe("normaliseServerUrl", () => {
  it("keeps http(s) addresses without a trailing slash and refuses credentials, queries and other schemes", () => {
    expect(DEFAULT_SERVER_URL).toBe("http://127.0.0.1:4020");
    expect(normaliseServerUrl(" http://127.0.0.1:4020/ ")).toEqual({ ok: true, url: "http://127.0.0.1:4020" });
    expect(normaliseServerUrl("https://tw.acme.example/toolweave/")).toEqual({ ok: true, url: "https://tw.acme.example/toolweave" });
    for (const bad of ["javascript:alert(1)", "not a url", "http://u:p@h.example", "http://h.example/?token=x"]) expect(normaliseServerUrl(bad).ok).toBe(false);
  });
});

describe("the stand-in server", () => {
  it("answers /context, /config and its errors in the protocol's shapes", async () => {
    const server = await startStandInServer({ token: "t0ken-value-for-test" });
    try {
      const post = (url: string, token = "t0ken-value-for-test") =>
        fetch(`${server.url}/context`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ type: "generic", url }) });
      for (const url of ["https://app.circleci.com/pipelines/github/acme/checkout/412", "https://acme.circonus.com/fault-detection/alerts/1048"]) {
        expect(ContextResponseSchema.safeParse(await (await post(url)).json()).success).toBe(true);
      }
      expect((await post("https://app.circleci.com/", "wrong")).status).toBe(401);
      const config = await fetch(`${server.url}/config`, { headers: { authorization: "Bearer t0ken-value-for-test" } });
      expect(ConfigResponseSchema.safeParse(await config.json()).success).toBe(true);
    } finally {
      await server.close();
    }
  });
});
