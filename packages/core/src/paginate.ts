import { ConfigurationError, PaginationLimitError } from "./errors.js";
import { redactExcerpt } from "./redact.js";
import { throwIfCancelled } from "./cancelled.js";

/** Consecutive empty pages that still carry a cursor before a list is stopped. */
export const DEFAULT_MAX_EMPTY_PAGES = 3;

/** Why a list ended before the server said it was done. */
export interface Truncation {
  /** In words, including what the caller can do, e.g. the server's answer to a dead page token. */
  reason: string;
  /** Pages read before the list ended (the failed one not counted). */
  afterPages: number;
}

/**
 * Options for {@link paginate}: `P` is the page type, `I` the item type, `C` the cursor type.
 */
export interface PaginateOptions<P, I, C> {
  /** Operation name for errors, e.g. `listPipelines`. */
  operation: string;
  /** Connector id put on errors, e.g. `circleci`. */
  provider?: string;
  /** Fetches one page; `cursor` is `undefined` for the first page. */
  fetchPage(cursor: C | undefined, signal: AbortSignal | undefined): Promise<P>;
  /** The items of a page. */
  items(page: P): readonly I[];
  /** The next cursor, or `null`/`undefined`/`""` when the list is done. */
  nextCursor(page: P, cursor: C | undefined): C | null | undefined;
  /** Pages fetched at most; reaching it with more to fetch throws. Default 1000. */
  maxPages?: number;
  /** Aborts the iteration; checked before each page and passed to `fetchPage`. */
  signal?: AbortSignal;
  /** Key used to detect a repeated cursor. Default `String(cursor)`. */
  cursorKey?(cursor: C): string;
  /**
   * Consecutive empty pages that still carry a cursor before the list stops with
   * `PaginationLimitError` (a server whose cursor never ends). Default 3.
   */
  maxEmptyPages?: number;
  /**
   * Called when fetching a page after the first one fails. Return a reason when the failure
   * is a known way for this server to end a list early (e.g. a dead page token): the list
   * ends, and `truncated` says so. Return `undefined` to let the error propagate.
   */
  truncatedBy?(error: unknown, cursor: C): string | undefined;
  /**
   * Called after each page: return a reason when this page ends the list although the server
   * did not say it was done (e.g. an empty page while it reports more items). The list ends and
   * `truncated` says so.
   */
  endsEarly?(page: P, cursor: C | undefined): string | undefined;
}

/** An async iterable over every item of a paginated list, fetched lazily page by page. */
export interface PagedIterable<I> extends AsyncIterable<I> {
  /** Collects items, stopping early (without fetching more pages) once `limit` is reached. */
  toArray(options?: { limit?: number }): Promise<I[]>;
  /** Iterates page by page. */
  pages(): AsyncIterable<readonly I[]>;
  /**
   * After an iteration ended: why the list ended before the server said it was done, or
   * `undefined` when it was read to its end (or stopped early by the caller). A truncated
   * list is never complete; check this after `toArray()` or a `for await` loop.
   */
  readonly truncated: Truncation | undefined;
}

const isDone = (cursor: unknown) => cursor === null || cursor === undefined || cursor === "";

/** Refuses a page limit that cannot work (0, negative, fractional, NaN) before any page is fetched. */
function positiveInteger(operation: string, option: string, value: number, example: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`${operation}: ${option} must be a positive integer (got ${String(value)}).`, {
      fix: `Pass ${option}: ${example}, for example, or leave it out for the default.`,
    });
  }
}

/**
 * Generic cursor pagination with guards: a cursor seen before ends with
 * `PaginationLimitError` (the server would loop forever), and so do `maxEmptyPages` empty
 * pages in a row that still carry a cursor, and reaching `maxPages` while the server still
 * reports more — never a silent truncation. A list the server ends early for a known reason
 * (`truncatedBy`) ends with `truncated` set.
 */
export function paginate<P, I, C = string>(options: PaginateOptions<P, I, C>): PagedIterable<I> {
  const maxPages = options.maxPages ?? 1000;
  const maxEmptyPages = options.maxEmptyPages ?? DEFAULT_MAX_EMPTY_PAGES;
  positiveInteger(options.operation, "maxPages", maxPages, "1000");
  positiveInteger(options.operation, "maxEmptyPages", maxEmptyPages, String(DEFAULT_MAX_EMPTY_PAGES));
  const keyOf = options.cursorKey ?? ((c: C) => String(c));
  let truncated: Truncation | undefined;

  /**
   * One walk through the list: `next()` fetches the next page and resolves to its items, or to
   * `undefined` once the list has ended. `toArray` and the item iterator call it directly, so a
   * page costs one await rather than a trip through nested async generators per item.
   */
  function walk(): () => Promise<readonly I[] | undefined> {
    truncated = undefined;
    const seen = new Set<string>();
    let cursor: C | undefined;
    let emptyRun = 0;
    let page = 0;
    let done = false;
    /** Checks run after a page was handed out, before the next one is fetched. */
    let after: (() => void) | undefined;
    return async () => {
      if (done) return undefined;
      try {
        after?.();
        if (done) return undefined;
        page++;
        throwIfCancelled(options.signal, options);
        let response: P;
        try {
          response = await options.fetchPage(cursor, options.signal);
        } catch (error) {
          const reason = cursor === undefined || options.signal?.aborted ? undefined : options.truncatedBy?.(error, cursor);
          if (reason === undefined) throw error;
          truncated = { reason, afterPages: page - 1 };
          done = true;
          return undefined;
        }
        const items = options.items(response);
        const current = page;
        after = () => advance(response, items, current);
        return items;
      } catch (error) {
        done = true;
        throw error;
      }
    };

    function advance(response: P, items: readonly I[], current: number): void {
      after = undefined;
      const early = options.endsEarly?.(response, cursor);
      if (early !== undefined) {
        truncated = { reason: early, afterPages: current };
        done = true;
        return;
      }
      const next = options.nextCursor(response, cursor);
      if (isDone(next)) {
        done = true;
        return;
      }
      emptyRun = items.length === 0 ? emptyRun + 1 : 0;
      if (emptyRun >= maxEmptyPages) {
        throw new PaginationLimitError(
          `${options.operation}: the server returned ${emptyRun} empty page(s) in a row that still carried a next-page cursor (after ${current} page(s)); stopping instead of paging through nothing.`,
          {
            fix: "Retry later; if it persists, narrow the query (branch, dates, filters). Pass a higher maxEmptyPages only if this server really returns empty pages before later items.",
            provider: options.provider,
          },
        );
      }
      const key = keyOf(next as C);
      if (seen.has(key)) {
        // Redact before cutting: a cut first could leave part of a secret that no longer matches.
        throw new PaginationLimitError(
          `${options.operation}: the server returned page cursor ${JSON.stringify(redactExcerpt(key, 40))} twice after ${current} page(s); stopping instead of looping.`,
          { fix: "Retry later; if it persists, narrow the query (branch, dates, filters).", provider: options.provider },
        );
      }
      seen.add(key);
      if (current >= maxPages) {
        throw new PaginationLimitError(
          `${options.operation}: stopped after ${maxPages} pages while the server reported more.`,
          { fix: "Raise maxPages or narrow the query (branch, dates, filters); use toArray({ limit }) to take only the first items.", provider: options.provider },
        );
      }
      cursor = next as C;
    }
  }

  async function* pages(): AsyncGenerator<readonly I[]> {
    const next = walk();
    for (let items = await next(); items !== undefined; items = await next()) yield items;
  }

  /** Items one by one: served from the current page without an await per item through generators. */
  function items(): AsyncIterableIterator<I> {
    let next: (() => Promise<readonly I[] | undefined>) | undefined;
    let page: readonly I[] = [];
    let index = 0;
    let finished = false;
    const end = (): IteratorResult<I> => {
      finished = true;
      return { value: undefined, done: true };
    };
    return {
      async next(): Promise<IteratorResult<I>> {
        if (finished) return { value: undefined, done: true };
        next ??= walk();
        while (index >= page.length) {
          let fetched: readonly I[] | undefined;
          try {
            fetched = await next();
          } catch (error) {
            finished = true;
            throw error;
          }
          if (fetched === undefined) return end();
          page = fetched;
          index = 0;
        }
        return { value: page[index++]!, done: false };
      },
      async return(): Promise<IteratorResult<I>> {
        return end();
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  return {
    [Symbol.asyncIterator]: items,
    pages,
    get truncated() {
      return truncated;
    },
    async toArray({ limit } = {}) {
      const out: I[] = [];
      if (limit !== undefined && limit <= 0) return out;
      // Page by page (one await per page, not per item); stops fetching once it has enough.
      const next = walk();
      for (let page = await next(); page !== undefined; page = await next()) {
        if (limit === undefined || out.length + page.length < limit) {
          for (const item of page) out.push(item);
          continue;
        }
        for (let i = 0; out.length < limit; i++) out.push(page[i]!);
        break;
      }
      return out;
    },
  };
}

/** One page as returned by a {@link PaginateOffsetOptions.fetchPage} callback. */
export interface OffsetPage<I> {
  /** The page's items. */
  items: readonly I[];
  /** Whether the server reports more items (e.g. Circonus `X-Circonus-More-Items: true`). */
  more: boolean;
}

/** Options for {@link paginateOffset}: `I` is the item type. */
export interface PaginateOffsetOptions<I> {
  /** Operation name for errors, e.g. `listAlerts`. */
  operation: string;
  /** Connector id put on errors, e.g. `circonus`. */
  provider?: string;
  /** Items per page, always sent. */
  pageSize: number;
  /** Fetches `size` items starting at `offset` (0 for the first page). */
  fetchPage(offset: number, size: number, signal: AbortSignal | undefined): Promise<OffsetPage<I>>;
  /** Pages fetched at most; reaching it with more to fetch throws `PaginationLimitError`. Default 1000. */
  maxPages?: number;
  /** Aborts the iteration; checked before each page and passed to `fetchPage`. */
  signal?: AbortSignal;
  /**
   * The largest offset the server accepts. When the next page would need a larger one, the
   * list stops with `PaginationLimitError` (message plus `offsetLimitFix`) instead of sending
   * an offset the server refuses or answers unreliably.
   */
  maxOffset?: number;
  /** What the caller should do when `maxOffset` is reached, e.g. "narrow the query with filters". */
  offsetLimitFix?: string;
}

/**
 * Offset/size pagination: continues while the server says there is more and a page is
 * non-empty. An empty page while the server still reports more ends the list marked
 * `truncated`: what follows, if anything, was not read.
 */
export function paginateOffset<I>(options: PaginateOffsetOptions<I>): PagedIterable<I> {
  const maxOffset = options.maxOffset ?? Number.POSITIVE_INFINITY;
  positiveInteger(options.operation, "pageSize", options.pageSize, "100");
  if (Number.isNaN(maxOffset) || maxOffset < 0) {
    throw new ConfigurationError(`${options.operation}: maxOffset must be a number of items, 0 or more (got ${String(maxOffset)}).`, {
      fix: "Pass the largest offset the API accepts, e.g. maxOffset: 1000, or leave it out for no limit.",
    });
  }
  return paginate<OffsetPage<I>, I, number>({
    operation: options.operation,
    ...(options.provider === undefined ? {} : { provider: options.provider }),
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    fetchPage: (offset, signal) => {
      const from = offset ?? 0;
      if (from > maxOffset) {
        return Promise.reject(
          new PaginationLimitError(
            `${options.operation}: more items exist after the first ${from} read, but the next page would need offset ${from}, above the ${maxOffset} the API accepts.`,
            {
              fix: options.offsetLimitFix ?? "Narrow the query so fewer items match.",
              provider: options.provider,
              isRetryable: false,
            },
          ),
        );
      }
      return options.fetchPage(from, options.pageSize, signal);
    },
    items: (page) => page.items,
    endsEarly: (page) =>
      page.more && page.items.length === 0
        ? "The server reported more items but sent an empty page, so the list ends here; later items, if any, were not read. Retry, or narrow the query."
        : undefined,
    // Advance by the requested size, not the items received: some servers have returned
    // size+1 items (Circonus GoAPI fix, 2022), which must not shift the next window.
    nextCursor: (page, offset) => (page.more && page.items.length > 0 ? (offset ?? 0) + options.pageSize : null),
  });
}
