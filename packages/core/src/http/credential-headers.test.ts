/**
 * The credential check at client creation refuses what Node's fetch will not send: `Headers`
 * takes control characters other than NUL, CR and LF, but fetch then refuses every request
 * (a retryable NetworkError, retried, the server seeing nothing). And an `authenticate` that
 * throws for its own reason is reported as such, not as a character headers do not allow.
 */
import { createServer, type Server } from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors.js";
import { CREDENTIAL_FIX } from "./credential-headers.js";
import { createHttpClient } from "./http-client.js";
import type { HttpClientSettings } from "./types.js";

const SECRET = "s3cr3t_0123456789abcdef";
const REFUSED_MESSAGE = "Example: the credential cannot be written into a request header (it contains a character HTTP headers do not allow).";

const everything = (error: unknown) => [String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? ""].join("\n");

function creationError(authenticate: HttpClientSettings["authenticate"]): unknown {
  try {
    createHttpClient({ provider: "example", displayName: "Example", baseUrl: "https://api.credential.test/v2", authenticate });
  } catch (error) {
    return error;
  }
  return undefined;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
/** The control characters `Headers` takes inside a value but fetch refuses to send. */
const CONTROLS = [...Array.from({ length: 8 }, (_, i) => i + 1), 0x0b, 0x0c, ...Array.from({ length: 18 }, (_, i) => i + 0x0e), 0x7f];

describe("a credential with a control character fetch will not send is a ConfigurationError at creation", () => {
  it.each(CONTROLS.map((code) => [hex(code), code]))("%s inside the value (set or appended)", (_, code) => {
    const value = `Bearer ${SECRET.slice(0, 8)}${String.fromCharCode(code)}${SECRET.slice(8)}`;
    for (const authenticate of [(h: Headers) => h.set("authorization", value), (h: Headers) => h.append("authorization", value)]) {
      const error = creationError(authenticate);
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as ConfigurationError).message).toBe(REFUSED_MESSAGE);
      expect((error as ConfigurationError).fix).toBe(CREDENTIAL_FIX);
      expect(everything(error)).not.toContain(SECRET.slice(8));
    }
  });

  it("at either end of the value too (only spaces, tabs and line breaks there are trimmed)", () => {
    expect(ConfigurationError.isInstance(creationError((h) => h.set("x-token", `\u0001${SECRET}`)))).toBe(true);
    expect(ConfigurationError.isInstance(creationError((h) => h.set("x-token", `${SECRET}\u007f`)))).toBe(true);
  });

  it("when the callback uses more of Headers than set/append (checked on the real Headers)", () => {
    const error = creationError((h) => {
      h.set("x-token", `${SECRET}\u000bmore`);
      h.forEach(() => undefined);
    });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toBe(REFUSED_MESSAGE);
    expect(everything(error)).not.toContain(SECRET);
  });

  it("a line break refused by the real Headers is reported as such, not as the callback's own throw", () => {
    const error = creationError((h) => {
      h.forEach(() => undefined);
      h.set("x-token", `${SECRET}\nmore`);
    });
    expect((error as ConfigurationError).message).toBe(REFUSED_MESSAGE);
    expect(everything(error)).not.toContain(SECRET);
  });

  it("a tab inside, and Latin-1 letters, are still allowed", () => {
    expect(creationError((h) => h.set("x-token", `${SECRET}\tmore`))).toBeUndefined();
    expect(creationError((h) => h.set("x-token", `${SECRET}\u00e9\u00ff\u0080`))).toBeUndefined();
  });
});

describe("the rule follows what Node's fetch sends (a loopback server)", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((_, response) => response.end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fetch refuses exactly the values the creation check refuses, among the single bytes", async () => {
    const sent = async (value: string) =>
      fetch(url, { headers: { "x-token": value } }).then(
        async (response) => (await response.text(), true),
        () => false,
      );
    for (let code = 0; code <= 0xff; code++) {
      const value = `a${String.fromCharCode(code)}b`;
      const refusedAtCreation = ConfigurationError.isInstance(creationError((h) => h.set("x-token", value)));
      expect({ code: hex(code), refusedAtCreation }).toEqual({ code: hex(code), refusedAtCreation: !(await sent(value)) });
    }
  });
});

describe("an authenticate callback that throws for its own reason", () => {
  it("is reported as a callback that threw, not as a character headers do not allow, without its message", () => {
    const error = creationError(() => {
      throw new TypeError(`cannot read the token ${SECRET}`);
    });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    const message = (error as ConfigurationError).message;
    expect(message).not.toContain("character");
    expect(message).toContain("authenticate");
    expect(message).toContain("TypeError");
    expect((error as ConfigurationError).fix).not.toBe(CREDENTIAL_FIX);
    expect(everything(error)).not.toContain(SECRET);
  });

  it("a throw after writing a valid header is the callback's too", () => {
    const error = creationError((h) => {
      h.set("x-token", SECRET);
      throw new Error("no scope configured");
    });
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).not.toContain("character");
    expect(everything(error)).not.toContain(SECRET);
  });
});
