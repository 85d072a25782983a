import { z, type ZodType } from "zod";
import { NotFoundError, paginateOffset, type PagedIterable, type Query } from "@toolweave/core";
import type { OperationContext } from "./operation-context.js";
import { MAX_PAGE_SIZE } from "./settings.js";
import { buildFilters, searchText, type CirconusSearch, type FilterClause, type SearchSpec } from "./search.js";
import { InvalidInputError } from "@toolweave/core";
import { quoteInput } from "./quote-input.js";

const arrays = new WeakMap<z.ZodType, z.ZodType>();
/** `z.array(item)`, built once per item schema (building a zod schema per page costs as much as validating it). */
function arrayOf<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  let schema = arrays.get(item) as z.ZodType<T[]> | undefined;
  if (!schema) {
    schema = z.array(item);
    arrays.set(item, schema);
  }
  return schema;
}

/** Options every list operation takes. */
export interface ListOptions {
  /** Object search: a spec for `buildSearch`, or a string it built. */
  search?: SearchSpec | CirconusSearch;
  /** `f_<field>` filters (see `buildFilters`). */
  filter?: readonly FilterClause[];
  /**
   * Field to sort by (`order`). Default `_cid`, so pages are stable: the API documents that
   * results must be sorted by a field "to assure proper paging"
   * (https://docs.circonus.com/circonus/api/, `sortParam`). Which fields sort is not documented.
   */
  order?: string;
  /** Sort direction. API default `asc`. */
  dir?: "asc" | "desc";
  /** Items per page (`size`, 1–1000). Default: the `pageSize` setting (100). */
  pageSize?: number;
  /** Pages fetched at most. Default: the `maxPages` setting (1000). */
  maxPages?: number;
  signal?: AbortSignal;
}

/** Header that says another page exists (the API reference's `size` parameter). */
export const MORE_ITEMS_HEADER = "X-Circonus-More-Items";

/** The largest `from` (offset) the API accepts: its reference declares `from` with `maximum: 1000`. */
export const MAX_FROM = 1000;

/** Sort field sent when the caller gives none: every object has a `_cid`, and it never changes. */
export const DEFAULT_ORDER = "_cid";

const DEEP_PAGING_FIX =
  "Narrow the query with a search (e.g. more tags, (active:1)) or f_ filters (e.g. f__created_gt=<epoch>), or split it into several narrower lists; the API accepts no offset above 1000.";

export function searchString(search: SearchSpec | CirconusSearch | undefined): string | undefined {
  if (search === undefined) return undefined;
  return searchText(search);
}

export interface ListRequest<T> {
  operation: string;
  path: string;
  item: ZodType<T>;
  options?: ListOptions;
  /** Extra search terms (already built) appended to the caller's. */
  extraSearch?: string;
}

/**
 * Lists with `size`/`from` while `X-Circonus-More-Items: true`. `size` is always sent (the API
 * reference's default is 20, while official clients assume a list returns everything), and so
 * is a stable `order` (default `_cid`). `from` is never sent above 1000, the maximum the
 * reference declares: when more items remain past that offset, iteration stops with a
 * `PaginationLimitError` telling the caller to narrow the query. A 404 on the first page of a
 * search is read as "no match" (older API servers answered 404 to a search without hits).
 */
export function paginateList<T>(ctx: OperationContext, request: ListRequest<T>): PagedIterable<T> {
  const options = request.options ?? {};
  const pageSize = options.pageSize ?? ctx.settings.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`${request.operation}: pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}.`, {
      provider: "circonus",
      fix: `Pass pageSize between 1 and ${MAX_PAGE_SIZE}.`,
    });
  }
  if (options.order !== undefined && !/^_?[a-z][a-z0-9_]*$/.test(options.order)) {
    throw new InvalidInputError(`${request.operation}: order ${quoteInput(options.order)} is not a field name.`, {
      provider: "circonus",
      fix: 'Pass a JSON field name such as "_cid" or "display_name".',
    });
  }
  const search = [searchString(options.search), request.extraSearch].filter(Boolean).join("") || undefined;
  const filters = options.filter ? buildFilters(options.filter) : {};
  const narrowed = search !== undefined || Object.keys(filters).length > 0;
  const maxPages = options.maxPages ?? ctx.settings.maxPages;
  const schema = arrayOf(request.item);

  return paginateOffset<T>({
    operation: request.operation,
    provider: "circonus",
    pageSize,
    maxOffset: MAX_FROM,
    offsetLimitFix: DEEP_PAGING_FIX,
    ...(maxPages === undefined ? {} : { maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    // Not async: one promise chain on core's, no suspended frame per page in flight.
    fetchPage(from, size, signal) {
      const query: Query = {
        ...(search === undefined ? {} : { search }),
        ...filters,
        size,
        from,
        order: options.order ?? DEFAULT_ORDER,
        ...(options.dir === undefined ? {} : { dir: options.dir }),
      };
      return ctx.http
        .request({
          operation: request.operation,
          path: request.path,
          query,
          schema,
          ...(signal === undefined ? {} : { signal }),
        })
        .then(
          (response) => ({ items: response.data, more: response.headers.get(MORE_ITEMS_HEADER)?.trim().toLowerCase() === "true" }),
          (error: unknown) => {
            if (narrowed && from === 0 && NotFoundError.isInstance(error)) return { items: [] as T[], more: false };
            throw error;
          },
        );
    },
  });
}
