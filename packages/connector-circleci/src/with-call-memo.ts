import { memoize, type CallMemo, type HttpClient } from "@toolweave/core";
import type { OperationContext } from "./operation-context.js";

/** What makes two GETs the same read: the operation, path, query and headers (never the signal). */
function readKey(options: { operation: string; path: string; query?: object | undefined; headers?: object | undefined }): string {
  const sorted = (record: object | undefined) => (record ? Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : []);
  return JSON.stringify([options.operation, options.path, sorted(options.query), sorted(options.headers)]);
}

/** A memoizing client → the client it reads through, so wrapping twice still shares one scope. */
const originals = new WeakMap<HttpClient, HttpClient>();

/**
 * The context an operation works with when it is one of several calls made for one answer:
 * every GET it sends (a pipeline page, a pipeline's workflows, the project) goes through
 * `memo`, so a read another call of the answer made (or is making) is not sent again, and a
 * read that failed fails the same way for each. Scoped to this client's HTTP client, so two
 * clients (two tokens, two hosts) never share. Without a memo, `ctx` itself.
 */
export function withCallMemo(ctx: OperationContext, memo: CallMemo | undefined): OperationContext {
  if (!memo) return ctx;
  const http = originals.get(ctx.http) ?? ctx.http;
  const get: HttpClient["get"] = (options) =>
    memoize(memo, http, readKey(options), () => http.get(options), {
      ...(options.signal ? { signal: options.signal } : {}),
      operation: options.operation,
      provider: http.provider,
    });
  // Everything else of the client (request, baseUrl, …) is the client's own.
  const memoized = Object.assign(Object.create(http) as HttpClient, { get });
  originals.set(memoized, http);
  return { ...ctx, http: memoized };
}
