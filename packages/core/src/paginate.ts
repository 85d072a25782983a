import { PaginationLimitError } from "./errors.js";

export interface PaginateOptions<P, I, C> {
  /** Operation name for errors, e.g. `listPipelines`. */
  operation: string;
  provider?: string;
  /** Fetches one page; `cursor` is `undefined` for the first page. */
  fetchPage(cursor: C | undefined, signal: AbortSignal | undefined): Promise<P>;
  /** The items of a page. */
  items(page: P): readonly I[];
  /** The next cursor, or `null`/`undefined`/`""` when the list is done. */
  nextCursor(page: P, cursor: C | undefined): C | null | undefined;
  /** Pages fetched at most; reaching it with more to fetch throws. Default 1000. */
  maxPages?: number;
  signal?: AbortSignal;
  /** Key used to detect a repeated cursor. Default `String(cursor)`. */
  cursorKey?(cursor: C): string;
}

/** An async iterable over every item of a paginated list, fetched lazily page by page. */
export interface PagedIterable<I> extends AsyncIterable<I> {
  /** Collects items, stopping early (without fetching more pages) once `limit` is reached. */
  toArray(options?: { limit?: number }): Promise<I[]>;
  /** Iterates page by page. */
  pages(): AsyncIterable<readonly I[]>;
}

const isDone = (cursor: unknown) => cursor === null || cursor === undefined || cursor === "";

/**
 * Generic cursor pagination with guards: a cursor seen before ends with
 * `PaginationLimitError` (the server would loop forever), and so does reaching `maxPages`
 * while the server still reports more — never a silent truncation.
 */
export function paginate<P, I, C = string>(options: PaginateOptions<P, I, C>): PagedIterable<I> {
  const maxPages = options.maxPages ?? 1000;
  const keyOf = options.cursorKey ?? ((c: C) => String(c));

  async function* pages(): AsyncGenerator<readonly I[]> {
    const seen = new Set<string>();
    let cursor: C | undefined;
    for (let page = 1; ; page++) {
      options.signal?.throwIfAborted();
      const response = await options.fetchPage(cursor, options.signal);
      yield options.items(response);
      const next = options.nextCursor(response, cursor);
      if (isDone(next)) return;
      const key = keyOf(next as C);
      if (seen.has(key)) {
        throw new PaginationLimitError(
          `${options.operation}: the server returned page cursor ${JSON.stringify(key.slice(0, 40))} twice after ${page} page(s); stopping instead of looping.`,
          { fix: "Retry later; if it persists, narrow the query (branch, dates, filters).", provider: options.provider },
        );
      }
      seen.add(key);
      if (page >= maxPages) {
        throw new PaginationLimitError(
          `${options.operation}: stopped after ${maxPages} pages while the server reported more.`,
          { fix: "Raise maxPages or narrow the query (branch, dates, filters); use toArray({ limit }) to take only the first items.", provider: options.provider },
        );
      }
      cursor = next as C;
    }
  }

  async function* items(): AsyncGenerator<I> {
    for await (const page of pages()) yield* page;
  }

  return {
    [Symbol.asyncIterator]: () => items(),
    pages,
    async toArray({ limit } = {}) {
      const out: I[] = [];
      if (limit !== undefined && limit <= 0) return out;
      for await (const item of items()) {
        out.push(item);
        if (limit !== undefined && out.length >= limit) break;
      }
      return out;
    },
  };
}

export interface OffsetPage<I> {
  items: readonly I[];
  /** Whether the server reports more items (e.g. Circonus `X-Circonus-More-Items: true`). */
  more: boolean;
}

export interface PaginateOffsetOptions<I> {
  operation: string;
  provider?: string;
  /** Items per page, always sent. */
  pageSize: number;
  fetchPage(offset: number, size: number, signal: AbortSignal | undefined): Promise<OffsetPage<I>>;
  maxPages?: number;
  signal?: AbortSignal;
}

/** Offset/size pagination: continues while the server says there is more and a page is non-empty. */
export function paginateOffset<I>(options: PaginateOffsetOptions<I>): PagedIterable<I> {
  return paginate<OffsetPage<I>, I, number>({
    operation: options.operation,
    ...(options.provider === undefined ? {} : { provider: options.provider }),
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    fetchPage: (offset, signal) => options.fetchPage(offset ?? 0, options.pageSize, signal),
    items: (page) => page.items,
    // Advance by the requested size, not the items received: some servers have returned
    // size+1 items (Circonus GoAPI fix, 2022), which must not shift the next window.
    nextCursor: (page, offset) => (page.more && page.items.length > 0 ? (offset ?? 0) + options.pageSize : null),
  });
}
