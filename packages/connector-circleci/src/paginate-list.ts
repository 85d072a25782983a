import { NotFoundError, paginate, ServiceError, type PagedIterable, type Query } from "@toolweave/core";
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
   * `GET /workflow/{id}/job` answer 404 when a pipeline has no workflows or jobs (pipelines
   * whose config failed); the Faros CircleCI source does the same
   * (https://github.com/faros-ai/airbyte-connectors, circleci source).
   */
  notFoundAsEmpty?: boolean;
}

/** The reason `truncated` carries when CircleCI answers 404 for a later page's token. */
export const DEAD_PAGE_TOKEN_REASON =
  "CircleCI answered 404 for the next page token (an expired or dead token, https://github.com/circleci/circleci-docs/issues/6472), so later items were not read. Retry the whole list; if it persists, narrow it (e.g. by branch).";

/** The error recorded for a list CircleCI cut short: retryable, since a fresh listing may get through. */
export function truncatedError(reason: string): ServiceError {
  return new ServiceError(reason, { provider: "circleci", status: 404, isRetryable: true });
}

/**
 * CircleCI cursor pagination on core's `paginate`: the original query is kept and
 * `page-token` added; `null`, `""` or a missing `next_page_token` ends the list; a repeated
 * token, empty pages that keep a token and `maxPages` are core's guards. A 404 on a later
 * page ends the list *marked truncated* (`iterable.truncated`): dead page tokens have
 * answered 404 (https://github.com/circleci/circleci-docs/issues/6472), and what follows
 * was not read, so the list must not look complete.
 */
export function paginateList<T>(ctx: OperationContext, options: PaginateListOptions<T>): PagedIterable<T> {
  const schema = pageSchema(options.item) as unknown as ZodType<Page<T>>;
  let request: ListRequest | undefined;
  return paginate<Page<T>, T, string>({
    operation: options.operation,
    provider: "circleci",
    ...(ctx.settings.runtime.maxPages === undefined ? {} : { maxPages: ctx.settings.runtime.maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    // Not async: core's promise is handed back as is (paginate awaits it inside its own
    // try, so a refused argument thrown by prepare() still rejects the iteration).
    fetchPage(cursor, signal) {
      request ??= options.prepare();
      const page = ctx.http.get({
        operation: options.operation,
        path: request.path,
        query: cursor === undefined ? request.query : { ...request.query, "page-token": cursor },
        schema,
        ...(signal === undefined ? {} : { signal }),
      });
      if (cursor !== undefined || !options.notFoundAsEmpty) return page;
      return page.catch((error: unknown) => {
        if (NotFoundError.isInstance(error)) return { items: [], next_page_token: null };
        throw error;
      });
    },
    truncatedBy: (error) => (NotFoundError.isInstance(error) ? DEAD_PAGE_TOKEN_REASON : undefined),
    items: (page) => page.items,
    nextCursor: (page) => page.next_page_token,
  });
}
