import { describe, expect, it } from "vitest";
import { paginate, paginateOffset } from "./paginate.js";
import { ConfigurationError, NotFoundError, PaginationLimitError } from "./errors.js";
import { Secret } from "./secret.js";

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
    await expect(iterable.toArray()).rejects.toSatisfy((error) => /stopped after 3 pages/.test((error as Error).message) && /Raise maxPages/.test((error as PaginationLimitError).fix ?? ""));
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

  it("serves items of a page in order across pages, and a repeated-cursor error reaches the item loop after the page's items", async () => {
    const { iterable } = pager({ "": { items: [1, 2], next_page_token: "a" }, a: { items: [3], next_page_token: "a" } });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const n of iterable) got.push(n);
      })(),
    ).rejects.toThrowError(/twice/);
    expect(got).toEqual([1, 2, 3]);
    // The iterator is done after the error, and a new loop starts over.
    const again = iterable[Symbol.asyncIterator]();
    expect((await again.next()).value).toBe(1);
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
    await expect(iterable.toArray()).rejects.toThrow(/cancelled by the caller's signal/);
  });
});

describe("paginate: empty pages, early ends, redaction", () => {
  const endlessEmpty = (pages: number) => {
    const record: Record<string, Page> = { "": { items: [1], next_page_token: "c1" } };
    for (let i = 1; i < pages; i++) record[`c${i}`] = { items: [], next_page_token: `c${i + 1}` };
    record[`c${pages}`] = { items: [], next_page_token: null };
    return record;
  };

  it("stops after 3 consecutive empty pages that still carry a cursor, naming what happened and the fix", async () => {
    const { iterable, seen } = pager(endlessEmpty(50));
    const error = await iterable.toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/listNumbers: the server returned 3 empty page\(s\) in a row that still carried a next-page cursor/);
    expect((error as PaginationLimitError).fix).toMatch(/narrow the query/);
    expect(seen).toHaveLength(4);
  });

  it("lets the empty-page bound be configured, and resets it when a page has items", async () => {
    const seen: (string | undefined)[] = [];
    const pages: Record<string, Page> = {
      "": { items: [], next_page_token: "a" },
      a: { items: [], next_page_token: "b" },
      b: { items: [1], next_page_token: "c" },
      c: { items: [], next_page_token: "d" },
      d: { items: [], next_page_token: "e" },
      e: { items: [2], next_page_token: null },
    };
    const iterable = paginate<Page, number>({
      operation: "listNumbers",
      maxEmptyPages: 3,
      fetchPage: async (cursor) => (seen.push(cursor), pages[cursor ?? ""]!),
      items: (p) => p.items,
      nextCursor: (p) => p.next_page_token,
    });
    expect(await iterable.toArray()).toEqual([1, 2]);
    const strict = paginate<Page, number>({
      operation: "listNumbers",
      maxEmptyPages: 1,
      fetchPage: async (cursor) => pages[cursor ?? ""]!,
      items: (p) => p.items,
      nextCursor: (p) => p.next_page_token,
    });
    await expect(strict.toArray()).rejects.toThrow(/1 empty page\(s\) in a row/);
  });

  it("says a list ended early for a known server reason instead of looking complete", async () => {
    const pages: Record<string, Page> = { "": { items: [1, 2], next_page_token: "dead" } };
    const iterable = paginate<Page, number>({
      operation: "listNumbers",
      fetchPage: async (cursor) => {
        if (cursor === "dead") throw new NotFoundError("Not Found", { status: 404 });
        return pages[cursor ?? ""]!;
      },
      items: (p) => p.items,
      nextCursor: (p) => p.next_page_token,
      truncatedBy: (error) => (NotFoundError.isInstance(error) ? "the server answered 404 for the next page token" : undefined),
    });
    expect(iterable.truncated).toBeUndefined();
    expect(await iterable.toArray()).toEqual([1, 2]);
    expect(iterable.truncated).toEqual({ reason: "the server answered 404 for the next page token", afterPages: 1 });
  });

  it("never treats a failure of the first page as a truncation", async () => {
    const iterable = paginate<Page, number>({
      operation: "listNumbers",
      fetchPage: async () => {
        throw new NotFoundError("Not Found", { status: 404 });
      },
      items: (p) => p.items,
      nextCursor: (p) => p.next_page_token,
      truncatedBy: () => "dead token",
    });
    await expect(iterable.toArray()).rejects.toSatisfy((e: unknown) => NotFoundError.isInstance(e));
    expect(iterable.truncated).toBeUndefined();
  });

  it("redacts a repeated cursor before cutting it, so no part of a secret shows", async () => {
    const raw = "tokenvalue0123456789abcdefABCDEF0123";
    const secret = new Secret(raw);
    const cursor = `${"x".repeat(30)}${raw}`;
    const { iterable } = pager({ "": { items: [1], next_page_token: cursor }, [cursor]: { items: [2], next_page_token: cursor } });
    const error = await iterable.toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(raw.slice(0, 6));
    void secret;
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
    // Not complete either: the server said there was more.
    expect(empty.truncated).toMatchObject({ afterPages: 1, reason: expect.stringMatching(/reported more items but sent an empty page/) });
    const endless = paginateOffset<number>({ operation: "x", pageSize: 2, maxPages: 4, fetchPage: async () => ({ items: [1, 2], more: true }) });
    await expect(endless.toArray()).rejects.toSatisfy((e: unknown) => PaginationLimitError.isInstance(e));
  });

  it("never sends an offset above maxOffset: stops with the caller's fix instead", async () => {
    const calls: number[] = [];
    const iterable = paginateOffset<number>({
      operation: "listBundles",
      pageSize: 2,
      maxOffset: 4,
      offsetLimitFix: "Narrow the query with filters.",
      fetchPage: async (offset) => (calls.push(offset), { items: [offset, offset + 1], more: true }),
    });
    const error = await iterable.toArray().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/next page would need offset 6, above the 4 the API accepts/);
    expect((error as PaginationLimitError).fix).toMatch(/Narrow the query with filters/);
    expect(calls).toEqual([0, 2, 4]);
  });
});

describe("paginate options that cannot work", () => {
  type Page = { items: number[]; next: string | null };
  const base = {
    operation: "listThings",
    provider: "acme",
    fetchPage: (): Promise<Page> => Promise.resolve({ items: [1], next: null }),
    items: (p: Page) => p.items,
    nextCursor: (p: Page) => p.next,
  };

  it.each([
    ["maxEmptyPages", 0],
    ["maxEmptyPages", 1.5],
    ["maxPages", 0],
    ["maxPages", Number.NaN],
    ["maxPages", -1],
  ])("refuses %s: %s with a ConfigurationError naming the option, before any page is fetched", (option, value) => {
    expect(() => paginate({ ...base, [option]: value })).toThrow(ConfigurationError);
    expect(() => paginate({ ...base, [option]: value })).toThrow(new RegExp(`listThings: ${option} must be a positive integer`));
  });

  it.each([
    ["pageSize", 0],
    ["pageSize", Number.NaN],
    ["maxOffset", -1],
    ["maxOffset", Number.NaN],
  ])("paginateOffset refuses %s: %s with a ConfigurationError", (option, value) => {
    const options = { operation: "listThings", pageSize: 10, fetchPage: () => Promise.resolve({ items: [], more: false }), [option]: value };
    expect(() => paginateOffset(options)).toThrow(ConfigurationError);
    expect(() => paginateOffset(options)).toThrow(new RegExp(`listThings: ${option} must be`));
  });
});
