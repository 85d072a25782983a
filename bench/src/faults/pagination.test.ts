import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FaultRule, TestServer } from "../test-server/index.js";
import { DRIVERS, LIST_TOTAL, Observed, PAGE_SIZE, SERVER_OPTIONS, circleciDriver, createTestServer, hits } from "./harness.js";

const PAGES = Math.ceil(LIST_TOTAL / PAGE_SIZE);
let server: TestServer;
beforeAll(async () => {
  server = await createTestServer(SERVER_OPTIONS);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe.each(DRIVERS)("$provider pagination under faults", (driver) => {
  it(`delivers all ${LIST_TOTAL} items exactly once, in order, in ${PAGES} pages`, async () => {
    const c = driver.create(server, new Observed());
    expect(await c.listKeys()).toEqual(c.expectedKeys);
    expect(hits(server, driver, driver.listPath)).toHaveLength(PAGES);
  });

  it("delivers every page exactly once when pages fail with retryable faults", async () => {
    const at = (skip: number, fault: FaultRule): FaultRule => ({ ...fault, provider: driver.provider, path: driver.listPath, skip });
    const faults: FaultRule[] = [
      at(1, { kind: "status", status: 503 }),
      at(3, { kind: "reset" }),
      at(5, { kind: "rate-limit", retryAfter: "0" }),
      at(7, { kind: "truncated-body" }),
      at(9, { kind: "slow-body", delayMs: 20 }),
      at(11, { kind: "status", status: 502 }),
    ];
    server.inject(...faults);
    const observed = new Observed();
    const c = driver.create(server, observed);
    const keys = await c.listKeys();
    expect(keys).toEqual(c.expectedKeys);
    expect(new Set(keys).size).toBe(LIST_TOTAL);
    expect(server.faultsFired()).toEqual(faults.map(() => 1));
    // Each page answered successfully exactly once: no page skipped, none fetched twice.
    const answered = hits(server, driver, driver.listPath).filter((r) => r.outcome === 200 || r.outcome === "slow-body");
    const pageKeys = answered.map((r) => (driver === circleciDriver ? (r.query["page-token"] ?? "") : (r.query.from ?? "")));
    expect(pageKeys).toHaveLength(PAGES);
    expect(new Set(pageKeys).size).toBe(PAGES);
    // Retried: the 503, reset, 429, truncated body and 502 (the slow body arrived within the timeout).
    expect(observed.retries()).toBe(5);
  });
});

describe("CircleCI later-page 404", () => {
  it("ends the list without an error (documented: dead page tokens answer 404, circleci-docs #6472)", async () => {
    server.inject({ kind: "status", status: 404, body: { message: "Not found" }, provider: "circleci", path: circleciDriver.listPath, skip: 2 });
    const c = circleciDriver.create(server, new Observed());
    // Two full pages, then the 404 on page 3 ends the list: a truncation the caller cannot see.
    expect(await c.listKeys()).toEqual(c.expectedKeys.slice(0, 2 * PAGE_SIZE));
  });
});
