/**
 * Making a client does not touch `Headers` (issue #25: in Node the first `new Headers()` of a
 * process loads undici, 15–25 ms), yet still refuses at creation a credential no header can carry.
 */
import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError, InvalidInputError } from "../errors.js";
import { useMswServer } from "../testing.js";
import { credentialFingerprint } from "./credential-fingerprint.js";
import { createHttpClient } from "./http-client.js";
import { createMemoryStores } from "./memory-stores.js";
import type { HttpClientSettings } from "./types.js";

const BASE = "https://api.creation.test/v2";
const SECRET = "s3cr3t_0123456789abcdef";
const { server } = useMswServer();

const client = (extra: Partial<HttpClientSettings> = {}) => createHttpClient({ provider: "example", displayName: "Example", baseUrl: BASE, ...extra });

/** Replaces `Headers` with a subclass that counts its constructions. */
function countHeaders(): { readonly count: number } {
  const counter = { count: 0 };
  const Real = globalThis.Headers;
  vi.stubGlobal(
    "Headers",
    class extends Real {
      constructor(init?: ConstructorParameters<typeof Headers>[0]) {
        super(init);
        counter.count += 1;
      }
    },
  );
  return counter;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const everything = (error: unknown) => [String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? ""].join("\n");

function creationError(settings: Partial<HttpClientSettings>): unknown {
  try {
    client(settings);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Whether the platform's Headers takes this name and value. */
function headersTake(name: string, value: string): boolean {
  try {
    new Headers().set(name, value);
    return true;
  } catch {
    return false;
  }
}

describe("creating a client", () => {
  it("does not construct Headers, with a credential, client headers and shared stores", () => {
    const headers = countHeaders();
    client({ authenticate: (h) => h.set("x-token", SECRET), headers: { "x-app": "portal" }, userAgent: "acme/1" });
    client({ authenticate: (h) => h.append("x-token", SECRET), stores: createMemoryStores(), cache: { ttlMs: 1000 } });
    expect(headers.count).toBe(0);
  });

  it("sends the default, client and credential headers on every request (built at the first)", async () => {
    const seen: Record<string, string>[] = [];
    server.use(http.get(`${BASE}/me`, ({ request }) => (seen.push(Object.fromEntries(request.headers)), HttpResponse.json({}))));
    const c = client({ authenticate: (h) => h.set("x-token", SECRET), headers: { "x-app": "portal", Accept: "application/vnd.example+json" }, product: "toolweave-example/1.0.0" });
    await c.get({ operation: "me", path: "me" });
    await c.get({ operation: "me", path: "me", headers: { "x-extra": "1" } });
    await c.get({ operation: "me", path: "me" });
    const expected = { accept: "application/vnd.example+json", "user-agent": "toolweave-example/1.0.0", "x-app": "portal", "x-token": SECRET };
    expect(seen.map((h) => ({ accept: h.accept, "user-agent": h["user-agent"], "x-app": h["x-app"], "x-token": h["x-token"] }))).toEqual([expected, expected, expected]);
    expect(seen.map((h) => h["x-extra"])).toEqual([undefined, "1", undefined]);
  });

  it("a client header the platform refuses fails each request with the usual error", async () => {
    const c = client({ headers: { "x-app": "bad\nvalue" } });
    for (let i = 0; i < 2; i++) {
      const error = await c.get({ operation: "me", path: "me" }).catch((e: unknown) => e);
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as InvalidInputError).message).toMatch(/a request header is not valid/);
    }
  });
});

describe("a credential no header can carry is a ConfigurationError at creation", () => {
  const values: [string, string][] = [
    ["a line feed", `${SECRET}\nmore`],
    ["a carriage return", `${SECRET}\rmore`],
    ["a CR LF inside", `${SECRET}\r\nmore`],
    ["a NUL", `${SECRET}\u0000more`],
    ["a code point above 0xFF", `${SECRET}\u20acmore`],
    ["an astral code point", `${SECRET}\u{1f511}more`],
  ];

  it.each(values)("set with %s", (_, value) => {
    const error = creationError({ authenticate: (h) => h.set("x-token", value) });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toBe("Example: the credential cannot be written into a request header (it contains a character HTTP headers do not allow).");
    expect((error as ConfigurationError).fix).toMatch(/line breaks/);
    expect(everything(error)).not.toContain(SECRET);
    expect(headersTake("x-token", value)).toBe(false);
  });

  it.each(values)("appended with %s", (_, value) => {
    const error = creationError({ authenticate: (h) => h.append("x-token", value) });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(everything(error)).not.toContain(SECRET);
  });

  it.each([["a space", "x token"], ["a colon", "x-token:"], ["nothing", ""], ["a letter above 0x7F", "x-tök"], ["a line feed", "x-token\n"]])("a header name with %s", (_, name) => {
    const error = creationError({ authenticate: (h) => h.set(name, SECRET) });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(everything(error)).not.toContain(SECRET);
    expect(headersTake(name, SECRET)).toBe(false);
  });

  it("takes the values Headers takes and fetch sends (surrounding whitespace is trimmed, a tab inside is allowed, DEL and other controls are not)", () => {
    const samples = [" tok ", "\t\r\ntok\r\n\t", "a\tb", "a b", "é\u00ff", "\u007f", "\u0001", "a\u000bb", "", "  ", `${SECRET}\n`, `\n${SECRET}`, `a\nb`, "a\u0100", "a\u0000"];
    // Headers takes these control characters; Node's fetch refuses to send them (credential-headers.test.ts).
    const fetchRefuses = (value: string) => /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ""));
    for (const value of samples) {
      const refused = ConfigurationError.isInstance(creationError({ authenticate: (h) => h.set("x-token", value) }));
      expect({ value, refused }).toEqual({ value, refused: !headersTake("x-token", value) || fetchRefuses(value) });
    }
  });

  it("a credential that reads its headers back, or uses more of Headers, still works", async () => {
    const seen: (string | null)[] = [];
    server.use(http.get(`${BASE}/me`, ({ request }) => (seen.push(request.headers.get("x-token")), HttpResponse.json({}))));
    const readsBack = client({
      authenticate: (h) => {
        h.set("X-Token", ` ${SECRET} `);
        if (!h.has("x-token") || h.get("x-token") !== SECRET) throw new Error("not normalised as Headers does");
        h.append("x-other", "1");
        h.delete("x-other");
      },
    });
    const iterates = client({
      authenticate: (h) => {
        h.set("x-token", SECRET);
        h.forEach(() => undefined);
      },
    });
    await readsBack.get({ operation: "me", path: "me" });
    await iterates.get({ operation: "me", path: "me" });
    expect(seen).toEqual([SECRET, SECRET]);
  });

  it("a credential that throws is a ConfigurationError at creation", () => {
    const error = creationError({
      authenticate: () => {
        throw new Error(`cannot read ${SECRET}`);
      },
    });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(everything(error)).not.toContain(SECRET);
  });
});

describe("credentialFingerprint", () => {
  const hmac = (material: string, key = "toolweave/credential-fingerprint/v1") => createHmac("sha256", key).update(material).digest("hex").slice(0, 32);

  it("hashes the headers as Headers holds them: lower-case names, trimmed values, appends joined, sorted", async () => {
    expect(await credentialFingerprint((h) => h.set("Circle-Token", ` ${SECRET}\n`))).toBe(hmac(`circle-token:${SECRET}`));
    expect(
      await credentialFingerprint((h) => {
        h.set("x-b", "2");
        h.append("x-a", "1");
        h.append("X-A", "3");
      }, "fleet"),
    ).toBe(hmac("x-a:1, 3\nx-b:2", "fleet"));
    expect(await credentialFingerprint(() => undefined)).toBe("anonymous");
  });

  it("rejects a credential no header can carry without quoting it", async () => {
    const error = await credentialFingerprint((h) => h.set("circle-token", `${SECRET}\nmore`)).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(everything(error)).not.toContain(SECRET);
  });
});
