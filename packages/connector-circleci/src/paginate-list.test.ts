import { useMswServer } from "@toolweave/core/testing";
import { PaginationLimitError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { BASE, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();
const URL_ = `${BASE}/project/gh/acme/checkout/pipeline`;
const [p1, p2, p3, p4] = fx.pipelines;

describe("pagination (next_page_token → page-token)", () => {
  it("follows 3+ pages, keeping the original query and adding page-token", async () => {
    server.use(
      http.get(URL_, ({ request }) => {
        const token = new URL(request.url).searchParams.get("page-token");
        if (token === null) return HttpResponse.json(fx.page([p1], "tok-2"));
        if (token === "tok-2") return HttpResponse.json(fx.page([p2], "tok-3"));
        if (token === "tok-3") return HttpResponse.json(fx.page([p3], "tok-4"));
        return HttpResponse.json(fx.page([p4], null));
      }),
    );
    const items = await testClient().listPipelines("gh/acme/checkout", { branch: "main" }).toArray();
    expect(items.map((p) => p.number)).toEqual([1207, 1206, 1205, 1204]);
    expect(requests).toHaveLength(4);
    for (const r of requests) expect(new URL(r.url).searchParams.get("branch")).toBe("main");
    expect(requests.map((r) => new URL(r.url).searchParams.get("page-token"))).toEqual([null, "tok-2", "tok-3", "tok-4"]);
  });

  it.each([
    ["an empty string", ""],
    ["a missing field", undefined],
  ])("stops on %s as next_page_token", async (_label, token) => {
    server.use(http.get(URL_, () => HttpResponse.json(token === undefined ? { items: [p1] } : { items: [p1], next_page_token: token })));
    expect(await testClient().listPipelines("gh/acme/checkout").toArray()).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it("stops with PaginationLimitError when the server repeats a token", async () => {
    server.use(
      http.get(URL_, ({ request }) => {
        const token = new URL(request.url).searchParams.get("page-token");
        if (token === null) return HttpResponse.json(fx.page([p1], "tok-a"));
        if (token === "tok-a") return HttpResponse.json(fx.page([p2], "tok-b"));
        return HttpResponse.json(fx.page([p3], "tok-a"));
      }),
    );
    const seen: number[] = [];
    const error = await (async () => {
      for await (const p of testClient().listPipelines("gh/acme/checkout")) seen.push(p.number);
    })().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
    expect(seen).toEqual([1207, 1206, 1205]);
    expect(requests).toHaveLength(3);
  });

  it("stops non-advancing empty pages through the repeated-token guard (CircleCI-Env-Inspector #35)", async () => {
    server.use(http.get(`${BASE}/context`, () => HttpResponse.json(fx.page([], "same-token"))));
    const error = await testClient().listContexts({ ownerSlug: "gh/acme" }).toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error)).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(2);
  });

  it("respects maxPages from the runtime settings", async () => {
    let n = 0;
    server.use(http.get(URL_, () => HttpResponse.json(fx.page([p1], `tok-${++n}`))));
    const error = await testClient({ maxPages: 3 }).listPipelines("gh/acme/checkout").toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/3 pages/);
    expect(requests).toHaveLength(3);
  });

  it("ends the list at a 404 on a later page but marks it truncated, never complete (circleci-docs #6472)", async () => {
    server.use(
      http.get(URL_, ({ request }) =>
        new URL(request.url).searchParams.get("page-token")
          ? HttpResponse.json({ message: "Not Found" }, { status: 404 })
          : HttpResponse.json(fx.page([p1, p2], "dead-token")),
      ),
    );
    const list = testClient().listPipelines("gh/acme/checkout");
    expect((await list.toArray()).map((p) => p.number)).toEqual([1207, 1206]);
    expect(list.truncated).toMatchObject({ afterPages: 1, reason: expect.stringMatching(/404 for the next page token.*Retry/) });
  });

  it("reports a complete list as not truncated", async () => {
    server.use(http.get(URL_, () => HttpResponse.json(fx.page([p1], null))));
    const list = testClient().listPipelines("gh/acme/checkout");
    await list.toArray();
    expect(list.truncated).toBeUndefined();
  });

  it("stops empty pages that keep a fresh token after 3, not after maxPages (CircleCI-Env-Inspector #35)", async () => {
    let n = 0;
    server.use(http.get(`${BASE}/context`, () => HttpResponse.json(fx.page([], `tok-${++n}`))));
    const error = await testClient().listContexts({ ownerSlug: "gh/acme" }).toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/3 empty page\(s\) in a row/);
    expect(requests).toHaveLength(3);
  });

  it("toArray({ limit }) stops without fetching more pages", async () => {
    server.use(http.get(URL_, () => HttpResponse.json(fx.page([p1, p2], "more"))));
    expect(await testClient().listPipelines("gh/acme/checkout").toArray({ limit: 1 })).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });
});
