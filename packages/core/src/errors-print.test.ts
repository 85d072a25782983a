import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AbortedError, ConfigurationError, NotFoundError, ToolweaveError } from "./errors.js";
import { Secret } from "./secret.js";

const firstLine = (text: string | undefined) => (text ?? "").split("\n")[0];

describe("ToolweaveError keeps message and fix apart, and composes them only when printed", () => {
  it("message is the message alone; fix is its own field", () => {
    const error = new NotFoundError("Project gh/acme/api not found.", { fix: "Check the slug." });
    expect(error.message).toBe("Project gh/acme/api not found.");
    expect(error.fix).toBe("Check the slug.");
  });

  it("toString() and the first line of stack tell what to do", () => {
    const error = new ConfigurationError("timeoutMs: 0 is not allowed.", { fix: "Set timeoutMs to 1 or more." });
    expect(String(error)).toBe("ConfigurationError: timeoutMs: 0 is not allowed. Set timeoutMs to 1 or more.");
    expect(firstLine(error.stack)).toBe("ConfigurationError: timeoutMs: 0 is not allowed. Set timeoutMs to 1 or more.");
    expect(error.stack).toMatch(/\n\s+at /);
    // What Node prints for an uncaught error starts with the same line.
    expect(firstLine(inspect(error))).toBe("ConfigurationError: timeoutMs: 0 is not allowed. Set timeoutMs to 1 or more.");
  });

  it("without a fix, prints as any error does", () => {
    const error = new ToolweaveError("Something failed.");
    expect(String(error)).toBe("ToolweaveError: Something failed.");
    expect(firstLine(error.stack)).toBe("ToolweaveError: Something failed.");
  });

  it("the stack names the class a subclass gives itself (AbortError)", () => {
    const error = new AbortedError("cancelled.", { fix: "Nothing to fix." });
    expect(firstLine(error.stack)).toBe("AbortError: cancelled. Nothing to fix.");
    expect(String(error)).toBe("AbortError: cancelled. Nothing to fix.");
  });

  it("toJSON() keeps message and fix as separate fields", () => {
    const json = new NotFoundError("Gone.", { fix: "Check the id." }).toJSON();
    expect(json).toMatchObject({ message: "Gone.", fix: "Check the id." });
  });

  it("a stack assigned later replaces the composed one", () => {
    const error = new ToolweaveError("x.", { fix: "y." });
    error.stack = "custom";
    expect(error.stack).toBe("custom");
  });

  it("redacts message and fix on construction, so neither a field nor a printed form shows the secret", () => {
    const canary = "CCIPAT_h1canary_0123456789abcdef0123456789abcdef";
    const secret = new Secret(canary, { label: "CIRCLECI_TOKEN" });
    const error = new ConfigurationError(`bad ${canary}.`, { fix: `Replace ${canary}.` });
    for (const text of [error.message, error.fix, String(error), error.stack, inspect(error), JSON.stringify(error)]) {
      expect(text).not.toContain(canary);
    }
    expect(error.fix).toMatch(/^Replace /);
    expect(secret.reveal()).toBe(canary); // kept alive (and registered) until here
  });
});
