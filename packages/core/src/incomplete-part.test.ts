import { describe, expect, it } from "vitest";
import { cutShortPart, incompletePart, limitPart } from "./incomplete-part.js";
import { NetworkError } from "./errors.js";
import { Secret } from "./secret.js";

describe("incomplete parts", () => {
  it("words a list the server cut short, retryable, keeping what was read", () => {
    expect(cutShortPart("active alerts tagged service:checkout", 40, "The server stopped the list.")).toEqual({
      lookup: "active alerts tagged service:checkout after the first 40",
      error: { kind: "service", message: "The server stopped the list.", isRetryable: true },
      retryable: true,
    });
  });
  it("words a list over a limit of ours: not retryable, with the fix apart from the message", () => {
    expect(limitPart("pipelines of gh/acme/checkout", 100, "More than 100 pipelines.", "Narrow the window.")).toEqual({
      lookup: "pipelines of gh/acme/checkout beyond the first 100",
      error: { kind: "pagination_limit", message: "More than 100 pipelines.", fix: "Narrow the window.", isRetryable: false },
      retryable: false,
    });
  });
  it("never carries a secret a reason quotes", () => {
    Secret.from("tok_part_secret_5555");
    const parts = [cutShortPart("x", 1, "echoed tok_part_secret_5555"), limitPart("x", 1, "tok_part_secret_5555", "tok_part_secret_5555"), incompletePart("x", new Error("tok_part_secret_5555"))];
    expect(JSON.stringify(parts)).not.toContain("tok_part_secret_5555");
    expect(incompletePart("x", new NetworkError("reset"))).toMatchObject({ retryable: true, error: { kind: "network" } });
  });
});
