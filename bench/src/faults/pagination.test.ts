import { PaginationLimitError } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import type { FaultRule } from "../test-server/index.js";
import { DRIVERS, LIST_TOTAL, Observed, PAGE_SIZE, circleciDriver, hits, useFaultServer } from "./harness.js";

const PAGES = Math.ceil(LIST_TOTAL / PAGE_SIZE);
const server = await useFaultServer();

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
  it("ends the list without an error but marks it truncated (dead page tokens answer 404, circleci-docs #6472)", async () => {
    server.inject({ kind: "status", status: 404, body: { message: "Not found" }, provider: "circleci", path: circleciDriver.listPath, skip: 2 });
    const c = circleciDriver.create(server, new Observed());
    const list = (c.client as { listPipelines(slug: string): PagedList }).listPipelines("gh/acme/checkout");
    const items = await list.toArray();
    // Two full pages, then the 404 on page 3 ends the list, and the list says so.
    expect(items).toHaveLength(2 * PAGE_SIZE);
    expect(list.truncated).toMatchObject({ afterPages: 2, reason: expect.stringMatching(/404 for the next page token/) });
  });
});

type PagedList = { toArray(): Promise<unknown[]>; truncated: { reason: string; afterPages: number } | undefined };

describe("empty pages that still carry a cursor (CircleCI-Env-Inspector #35)", () => {
  /** A server that answers every page of the list with no items and a fresh next_page_token, forever. */
  const emptyForever = (): FaultRule[] => [
    { kind: "status", status: 200, body: { items: [], next_page_token: "empty-1" }, provider: "circleci", path: circleciDriver.listPath, query: { "page-token": "" }, count: Infinity },
    ...Array.from({ length: 60 }, (_, i): FaultRule => ({
      kind: "status",
      status: 200,
      body: { items: [], next_page_token: `empty-${i + 2}` },
      provider: "circleci",
      path: circleciDriver.listPath,
      query: { "page-token": `empty-${i + 1}` },
      count: Infinity,
    })),
  ];

  it("stops after 3 empty pages with a clear PaginationLimitError instead of burning every page", async () => {
    server.inject(...emptyForever());
    const c = circleciDriver.create(server, new Observed(), { maxPages: 1000 });
    const error = await c.listKeys().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/3 empty page\(s\) in a row that still carried a next-page cursor/);
    expect((error as PaginationLimitError).fix).toMatch(/narrow the query/);
    expect(hits(server, circleciDriver, circleciDriver.listPath)).toHaveLength(3);
  });

  it("keeps going through empty pages that end in items (fewer than 3 in a row)", async () => {
    server.inject(
      { kind: "status", status: 200, body: { items: [], next_page_token: "empty-1" }, provider: "circleci", path: circleciDriver.listPath, query: { "page-token": "" } },
      { kind: "status", status: 200, body: { items: [], next_page_token: Buffer.from(`o:${PAGE_SIZE}`).toString("base64url") }, provider: "circleci", path: circleciDriver.listPath, query: { "page-token": "empty-1" } },
    );
    const c = circleciDriver.create(server, new Observed());
    // The real server's page 2 onwards follow: every item after the first page arrives.
    const keys = await c.listKeys();
    expect(keys).toEqual(c.expectedKeys.slice(PAGE_SIZE));
  });
});
