import { InvalidResponseError, ToolweaveError } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import type { FaultKind } from "../test-server/index.js";
import { DRIVERS, Observed, RUNTIME, hits, thrown, useFaultServer } from "./harness.js";

const server = await useFaultServer();

const BAD_BODIES: { name: string; fault: FaultKind }[] = [
  { name: "HTML instead of JSON", fault: { kind: "invalid-json" } },
  { name: "JSON cut in the middle", fault: { kind: "truncated-json" } },
  { name: "JSON of the wrong shape", fault: { kind: "invalid-json", body: '{"items":"nope","id":42}' } },
];

describe.each(DRIVERS)("$provider bad bodies", (driver) => {
  it.each(BAD_BODIES)("$name on a GET gives InvalidResponseError, not a crash", async ({ fault }) => {
    server.inject({ ...fault, provider: driver.provider, path: driver.getPath, count: Infinity });
    const error = await thrown(() => driver.create(server, new Observed()).get());
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as ToolweaveError).message).toMatch(driver.provider === "circleci" ? /CircleCI me/ : /Circonus getAccount/);
    expect(hits(server, driver, driver.getPath)).toHaveLength(1);
  });

  it.each(BAD_BODIES)("$name on a later page ends the list with InvalidResponseError", async ({ fault }) => {
    server.inject({ ...fault, provider: driver.provider, path: driver.listPath, skip: 2, count: Infinity });
    const error = await thrown(() => driver.create(server, new Observed()).listKeys());
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(hits(server, driver, driver.listPath)).toHaveLength(3);
  });

  it("a body cut short of its Content-Length is never parsed: retried, then InvalidResponseError", async () => {
    server.inject({ kind: "truncated-body", provider: driver.provider, path: driver.getPath, count: Infinity });
    const error = await thrown(() => driver.create(server, new Observed()).get());
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as ToolweaveError).message).toContain("cut short");
    expect(hits(server, driver, driver.getPath)).toHaveLength(RUNTIME.retry.retries + 1);
  });
});
