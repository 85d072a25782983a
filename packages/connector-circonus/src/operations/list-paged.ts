import { z, type ZodType } from "zod";
import { NotFoundError, paginateOffset, type PagedIterable, type Query } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { MAX_PAGE_SIZE } from "../settings.js";
import { buildFilters, searchText, type CirconusSearch, type FilterClause, type SearchSpec } from "../search.js";
import { InvalidInputError } from "@toolweave/core";

/** Options every list operation takes. */
export interface ListOptions {
  /** Object search: a spec for `buildSearch`, or a string it built. */
  search?: SearchSpec | CirconusSearch;
  /** `f_<field>` filters (see `buildFilters`). */
  filter?: readonly FilterClause[];
  /** Field to sort by, for stable paging (`order`; which fields sort is undocumented, API-NOTES §3e). */
  order?: string;
  /** Sort direction. API default `asc`. */
  dir?: "asc" | "desc";
  /** Items per page (`size`, 1–1000). Default: the `pageSize` setting (100). */
  pageSize?: number;
  /** Pages fetched at most. Default: the `maxPages` setting (1000). */
  maxPages?: number;
  signal?: AbortSignal;
}

/** Header that says another page exists (SPEC `limitParam`). */
export const MORE_ITEMS_HEADER = "X-Circonus-More-Items";

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
 * Lists with `size`/`from` while `X-Circonus-More-Items: true` (API-NOTES §3e). `size` is always
 * sent: the SPEC default is 20 while official clients assume "everything" (API-NOTES §7.1).
 * A 404 on the first page of a search is read as "no match" (pre-2020 GoAPI, API-NOTES §2).
 */
export function listPaged<T>(ctx: CirconusContext, request: ListRequest<T>): PagedIterable<T> {
  const options = request.options ?? {};
  const pageSize = options.pageSize ?? ctx.settings.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`${request.operation}: pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}.`, {
      provider: "circonus",
      fix: `Pass pageSize between 1 and ${MAX_PAGE_SIZE}.`,
    });
  }
  if (options.order !== undefined && !/^_?[a-z][a-z0-9_]*$/.test(options.order)) {
    throw new InvalidInputError(`${request.operation}: order ${JSON.stringify(options.order.slice(0, 40))} is not a field name.`, {
      provider: "circonus",
      fix: 'Pass a JSON field name such as "_cid" or "display_name".',
    });
  }
  const search = [searchString(options.search), request.extraSearch].filter(Boolean).join("") || undefined;
  const filters = options.filter ? buildFilters(options.filter) : {};
  const narrowed = search !== undefined || Object.keys(filters).length > 0;
  const maxPages = options.maxPages ?? ctx.settings.maxPages;

  return paginateOffset<T>({
    operation: request.operation,
    provider: "circonus",
    pageSize,
    ...(maxPages === undefined ? {} : { maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    async fetchPage(from, size, signal) {
      const query: Query = {
        ...(search === undefined ? {} : { search }),
        ...filters,
        size,
        from,
        ...(options.order === undefined ? {} : { order: options.order }),
        ...(options.dir === undefined ? {} : { dir: options.dir }),
      };
      try {
        const response = await ctx.http.request({
          operation: request.operation,
          path: request.path,
          query,
          schema: z.array(request.item),
          ...(signal === undefined ? {} : { signal }),
        });
        const more = response.headers.get(MORE_ITEMS_HEADER)?.trim().toLowerCase() === "true";
        return { items: response.data, more };
      } catch (error) {
        if (narrowed && from === 0 && NotFoundError.isInstance(error)) return { items: [], more: false };
        throw error;
      }
    },
  });
}
