/**
 * Redaction regressions (issue #11 items 2 and 3): registry lifetime, one-pass matching,
 * percent-encoded and re-cased secrets, parameter names, redact-then-cut.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { isSensitiveParameter, redactExcerpt, redactText, redactUrl } from "./redact.js";
import { Secret } from "./secret.js";
import { registeredSecretCount } from "./secret-registry.js";
import { PaginationLimitError } from "./errors.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const TOKEN = "5b7f3c1e9a2d4e8bb1c40d2e6f8a9c11aa22bb33";
const secret = new Secret(TOKEN, { label: "TEST" });

describe("the secret registry", () => {
  it("forgets the values of Secrets that were garbage-collected", async () => {
    const before = registeredSecretCount();
    (() => {
      for (let i = 0; i < 5_000; i++) new Secret(`discarded-${i}-${"x".repeat(20)}`);
    })();
    expect(registeredSecretCount()).toBeGreaterThanOrEqual(before + 4_000);
    for (let round = 0; round < 20 && registeredSecretCount() > before + 100; round++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(registeredSecretCount()).toBeLessThan(before + 100);
  });

  it("keeps the value of a Secret that is still alive", () => {
    gc();
    expect(redactText(`x ${TOKEN} y`)).not.toContain(TOKEN);
    expect(secret.reveal()).toBe(TOKEN);
  });
});

describe("redactText", () => {
  it("masks a secret echoed in upper case", () => {
    expect(redactText(`echo: ${TOKEN.toUpperCase()}`)).not.toMatch(new RegExp(TOKEN, "i"));
  });

  it("masks a secret that appears percent-encoded", () => {
    const raw = "tok/with+special=chars&0123456789";
    const s = new Secret(raw);
    const text = `https://api.example.test/v2/x?q=${encodeURIComponent(raw)}`;
    expect(redactText(text)).not.toContain(encodeURIComponent(raw));
    expect(redactUrl(text)).not.toContain(encodeURIComponent(raw));
    expect(redactUrl(text)).not.toContain(raw);
    expect(s.reveal()).toBe(raw);
  });
});

describe("sensitive query parameters", () => {
  it.each(["token", "circle-token", "api_key", "apiKey", "X-Amz-Signature", "sig", "access_token", "password", "client_secret", "auth", "sessionId"])(
    "%s is masked",
    (name) => {
      expect(isSensitiveParameter(name)).toBe(true);
      expect(redactUrl(`https://x.test/a?${name}=value123456`)).not.toContain("value123456");
    },
  );

  it.each(["author", "assignee", "page-token", "page_token", "next_token", "pageToken", "design", "signal", "keys", "monkey"])("%s is kept", (name) => {
    expect(isSensitiveParameter(name)).toBe(false);
    expect(redactUrl(`https://x.test/a?${name}=value123456`)).toContain("value123456");
  });
});

describe("redact first, then cut", () => {
  it("an excerpt cut across a secret shows none of it", () => {
    for (let pad = 250; pad < 300; pad += 3) {
      const body = `${"e".repeat(pad)} ${TOKEN} tail`;
      const excerpt = redactExcerpt(body, 280);
      for (let i = 0; i + 8 <= TOKEN.length; i++) expect(excerpt).not.toContain(TOKEN.slice(i, i + 8));
    }
  });

  it("errors built from text with the secret are redacted whole", () => {
    const error = new PaginationLimitError(`cursor ${TOKEN.toUpperCase()} repeated`);
    expect(error.message.toLowerCase()).not.toContain(TOKEN.slice(0, 12));
  });
});
