import { describe, expect, it } from "vitest";
import { mentionsSecret } from "./mentions-secret.js";
import { redactText } from "./redact.js";
import { Secret } from "./secret.js";

// Held for the whole file: a Secret that is garbage-collected leaves the registry.
const TOKEN = "CCIPAT_Q7vJ2mK9xL4pR8tW1nB6cF3hD5gS0aZeYuIoPlMk";
const UUID = "3f9a2c7e-1b4d-4e6f-8a2b-9c0d1e2f3a4b";
const secrets = [new Secret(TOKEN), new Secret(UUID), new Secret("dotted-I-secret")];

describe("mentionsSecret", () => {
  it("is true for a name holding a live secret in any case", () => {
    expect(mentionsSecret(`Build_Worker ${TOKEN}`)).toBe(true);
    expect(mentionsSecret(`build-worker ${TOKEN.toLowerCase()}`)).toBe(true);
    expect(mentionsSecret(`team:${UUID.toUpperCase()}`)).toBe(true);
    expect(mentionsSecret(encodeURIComponent(`x ${TOKEN}`))).toBe(true);
  });

  it("is false for a name without one, and for values too short to be registered", () => {
    expect(mentionsSecret("Build_Worker")).toBe(false);
    expect(mentionsSecret("")).toBe(false);
    const short = new Secret("abc");
    expect(mentionsSecret(`x ${short.reveal()} x`)).toBe(false);
    expect(mentionsSecret(undefined as never)).toBe(false);
  });

  it("catches a look-alike spelling that redaction misses but lower- or upper-casing turns into the secret", () => {
    // The Kelvin sign (U+212A) lower-cases to "k"; a kebab-cased suggestion would carry the token.
    const kelvin = TOKEN.replace("K", "\u212A");
    expect(redactText(kelvin)).toBe(kelvin);
    expect(kelvin.toLowerCase()).toContain(TOKEN.toLowerCase());
    expect(mentionsSecret(kelvin)).toBe(true);
    // The dotless i (U+0131) upper-cases to "I".
    const dotless = "DOTTED-\u0131-SECRET";
    expect(redactText(dotless)).toBe(dotless);
    expect(mentionsSecret(dotless)).toBe(true);
    expect(secrets).toHaveLength(3);
  });
});
