import { NotFoundError, paginate, type PagedIterable, type Query } from "@toolweave/core";
import type { ZodType } from "zod";
import type { OperationContext } from "./operation-context.js";
import { pageSchema, type Page } from "./schemas/common.js";

export interface ListRequest {
  path: string;
  query?: Query;
}

export interface PaginateListOptions<T> {
  operation: string;
  /** Builds the request (validating arguments); runs when iteration starts, so errors reject. */
  prepare(): ListRequest;
  item: ZodType<T>;
  signal?: AbortSignal | undefined;
  /**
   * Treat a 404 on the first page as an empty list: `GET /pipeline/{id}/workflow` and
   * `GET /workflow/{id}/job` answer 404 when a pipeline has no workflows or jobs
   * (API-NOTES §5; Faros treats it the same way).
   */
  notFoundAsEmpty?: boolean;
}

/**
 * CircleCI cursor pagination on core's `paginate`: the original query is kept and
 * `page-token` added; `null`, `""` or a missing `next_page_token` ends the list; a repeated
 * token and `maxPages` are core's guards; a 404 on a later page ends the list, since dead
 * page tokens have answered 404 (API-NOTES §4, circleci-docs #6472).
 */
export function paginateList<T>(ctx: OperationContext, options: PaginateListOptions<T>): PagedIterable<T> {
  const schema = pageSchema(options.item) as unknown as ZodType<Page<T>>;
  let request: ListRequest | undefined;
  return paginate<Page<T>, T, string>({
    operation: options.operation,
    provider: "circleci",
    ...(ctx.settings.runtime.maxPages === undefined ? {} : { maxPages: ctx.settings.runtime.maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    async fetchPage(cursor, signal) {
      request ??= options.prepare();
      try {
        return await ctx.http.get({
          operation: options.operation,
          path: request.path,
          query: { ...request.query, ...(cursor === undefined ? {} : { "page-token": cursor }) },
          schema,
          ...(signal === undefined ? {} : { signal }),
        });
      } catch (error) {
        if (NotFoundError.isInstance(error) && (cursor !== undefined || options.notFoundAsEmpty)) {
          return { items: [], next_page_token: null };
        }
        throw error;
      }
    },
    items: (page) => page.items,
    nextCursor: (page) => page.next_page_token,
  });
}
