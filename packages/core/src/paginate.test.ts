import { describe, expect, it } from "vitest";
import { paginate, paginateOffset } from "./paginate.js";
import { PaginationLimitError } from "./errors.js";

type Page = { items: number[]; next_page_token?: string | null };

const pager = (pages: Record<string, Page>, maxPages?: number) => {
  const seen: (string | undefined)[] = [];
  const iterable = paginate<Page, number>({
    operation: "listNumbers",
    fetchPage: async (cursor) => {
      seen.push(cursor);
      return pages[cursor ?? ""]!;
    },
    items: (p) => p.items,
    nextCursor: (p) => p.next_page_token,
    ...(maxPages ? { maxPages } : {}),
  });
  return { iterable, seen };
};

describe("paginate", () => {
  it("follows cursors across pages and stops on null, empty string or a missing field", async () => {
    for (const end of [null, "", undefined]) {
      const { iterable, seen } = pager({ "": { items: [1, 2], next_page_token: "a" }, a: { items: [3], next_page_token: "b" }, b: { items: [4], next_page_token: end } });
      expect(await iterable.toArray()).toEqual([1, 2, 3, 4]);
      expect(seen).toEqual([undefined, "a", "b"]);
    }
  });

  it("fails clearly on a repeated cursor instead of looping", async () => {
    const { iterable } = pager({ "": { items: [1], next_page_token: "a" }, a: { items: [2], next_page_token: "b" }, b: { items: [3], next_page_token: "a" } });
    const error = await iterable.toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/listNumbers: the server returned page cursor "a" twice after 3 page/);
  });

  it("fails clearly at maxPages instead of truncating silently", async () => {
    const pages: Record<string, Page> = { "": { items: [0], next_page_token: "1" } };
    for (let i = 1; i < 10; i++) pages[String(i)] = { items: [i], next_page_token: String(i + 1) };
    const { iterable } = pager(pages, 3);
    await expect(iterable.toArray()).rejects.toThrowError(/stopped after 3 pages.*Raise maxPages/);
  });

  it("toArray({ limit }) stops fetching once it has enough", async () => {
    const { iterable, seen } = pager({ "": { items: [1, 2], next_page_token: "a" }, a: { items: [3, 4], next_page_token: "b" }, b: { items: [5], next_page_token: null } });
    expect(await iterable.toArray({ limit: 3 })).toEqual([1, 2, 3]);
    expect(seen).toEqual([undefined, "a"]);
  });

  it("iterates lazily with for await and by pages", async () => {
    const { iterable, seen } = pager({ "": { items: [1], next_page_token: "a" }, a: { items: [2], next_page_token: null } });
    for await (const n of iterable) {
      expect(n).toBe(1);
      break;
    }
    expect(seen).toEqual([undefined]);
    const pages: (readonly number[])[] = [];
    for await (const page of iterable.pages()) pages.push(page);
    expect(pages).toEqual([[1], [2]]);
  });

  it("honours an aborted signal between pages", async () => {
    const controller = new AbortController();
    const iterable = paginate<Page, number>({
      operation: "x",
      signal: controller.signal,
      fetchPage: async () => (controller.abort(), { items: [1], next_page_token: "n" }),
      items: (p) => p.items,
      nextCursor: (p) => p.next_page_token,
    });
    await expect(iterable.toArray()).rejects.toThrow(/abort/i);
  });
});

describe("paginateOffset", () => {
  it("sends size/offset and continues while the server reports more", async () => {
    const calls: [number, number][] = [];
    const data = Array.from({ length: 7 }, (_, i) => i);
    const iterable = paginateOffset<number>({
      operation: "listBundles",
      pageSize: 3,
      fetchPage: async (offset, size) => {
        calls.push([offset, size]);
        return { items: data.slice(offset, offset + size), more: offset + size < data.length };
      },
    });
    expect(await iterable.toArray()).toEqual(data);
    expect(calls).toEqual([[0, 3], [3, 3], [6, 3]]);
  });

  it("stops on an empty page even if the server says there is more, and caps pages", async () => {
    const empty = paginateOffset<number>({ operation: "x", pageSize: 2, fetchPage: async () => ({ items: [], more: true }) });
    expect(await empty.toArray()).toEqual([]);
    const endless = paginateOffset<number>({ operation: "x", pageSize: 2, maxPages: 4, fetchPage: async () => ({ items: [1, 2], more: true }) });
    await expect(endless.toArray()).rejects.toSatisfy((e: unknown) => PaginationLimitError.isInstance(e));
  });
});
