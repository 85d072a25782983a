import { RedirectError, ToolweaveError } from "@toolweave/core";
import { describe, expect, it, vi } from "vitest";
import { CREDENTIAL_HEADERS, type FaultKind } from "../test-server/index.js";
import { DRIVERS, Observed, hits, thrown, useFaultServer } from "./harness.js";

const server = await useFaultServer();

/** Every fault mode, on the GET and on a later list page, for the canary sweep. */
const ALL_FAULTS: FaultKind[] = [
  { kind: "status", status: 500, body: { message: "boom" } },
  { kind: "status", status: 503 },
  { kind: "rate-limit", retryAfter: "0" },
  { kind: "rate-limit", retryAfter: "3600" },
  { kind: "reset" },
  { kind: "slow-body", delayMs: 10 },
  { kind: "truncated-body" },
  { kind: "truncated-json" },
  { kind: "invalid-json" },
  { kind: "redirect", to: "other" },
  { kind: "redirect", to: "same", status: 307 },
  // A careless server that quotes the credential back in its error body.
  { kind: "echo-credentials", status: 400 },
  { kind: "echo-credentials", status: 401 },
  { kind: "echo-credentials", status: 403 },
  { kind: "echo-credentials", status: 500 },
];

describe.each(DRIVERS)("$provider origin policy", (driver) => {
  it.each([301, 302, 303, 307, 308])("refuses a %i redirect to another origin without sending anything there", async (status) => {
    server.inject({ kind: "redirect", to: "other", status, provider: driver.provider, path: driver.getPath });
    const error = await thrown(() => driver.create(server, new Observed()).get());
    expect(RedirectError.isInstance(error)).toBe(true);
    expect((error as ToolweaveError).isRetryable).toBe(false);
    expect(server.counters.otherOrigin).toBe(0);
    expect(hits(server, driver, driver.getPath)).toHaveLength(1);
  });

  it("refuses a cross-origin redirect on a later list page", async () => {
    server.inject({ kind: "redirect", to: "other", provider: driver.provider, path: driver.listPath, skip: 2 });
    const error = await thrown(() => driver.create(server, new Observed()).listKeys());
    expect(RedirectError.isInstance(error)).toBe(true);
    expect(server.counters.otherOrigin).toBe(0);
  });

  it("follows a same-origin redirect, sending the credential to that origin only", async () => {
    server.inject({ kind: "redirect", to: "same", status: 307, provider: driver.provider, path: driver.getPath });
    await driver.create(server, new Observed()).get();
    const seen = hits(server, driver, driver.getPath);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.query.redirected).toBe("1");
    for (const r of seen) expect(r.headers[driver.credentialHeader]).toBe(driver.canary);
  });
});

describe.each(DRIVERS)("$provider canary token", (driver) => {
  it("never appears in any result, error, hook event, console output or request to another origin", async () => {
    const printed: string[] = [];
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, "write").mockImplementation(capture),
      vi.spyOn(process.stderr, "write").mockImplementation(capture),
      ...(["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args) => void printed.push(args.map(String).join(" ")))),
    ];
    const observed = new Observed();
    try {
      const c = driver.create(server, observed);
      observed.outputs.push(c.client);
      for (const fault of ALL_FAULTS) {
        for (const target of [{ path: driver.getPath, run: c.get }, { path: driver.listPath, run: c.listKeys }]) {
          server.inject({ ...fault, provider: driver.provider, path: target.path, count: Infinity, ...(target.path === driver.listPath ? { skip: 1 } : {}) });
          try {
            observed.outputs.push(await target.run());
          } catch (error) {
            observed.outputs.push(error);
          }
          const fired = server.faultsFired();
          expect(fired[fired.length - 1]).toBeGreaterThan(0);
          server.reset();
        }
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // Some failures must have happened for the sweep to mean anything.
    expect(observed.outputs.filter((o) => ToolweaveError.isInstance(o)).length).toBeGreaterThan(10);
    const everything = `${observed.rendered()}\n${printed.join("\n")}`;
    expect(everything.includes(driver.canary)).toBe(false);
  });

  it("is sent only in its header, only to the API's origin", async () => {
    server.inject({ kind: "redirect", to: "other", provider: driver.provider, path: driver.getPath }, { kind: "redirect", to: "same", provider: driver.provider, path: driver.listPath, skip: 1 });
    const c = driver.create(server, new Observed());
    await thrown(() => c.get());
    await c.listKeys();
    for (const r of server.requests) {
      expect(r.url.includes(driver.canary)).toBe(false);
      if (r.origin === "other") {
        for (const name of CREDENTIAL_HEADERS) expect(r.headers[name]).toBeUndefined();
        expect(JSON.stringify(r).includes(driver.canary)).toBe(false);
      } else {
        expect(r.headers[driver.credentialHeader]).toBe(driver.canary);
      }
    }
    expect(server.counters.otherOrigin).toBe(0);
  });
});
