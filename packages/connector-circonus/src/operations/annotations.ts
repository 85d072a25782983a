import { NotFoundError, type PagedIterable } from "@toolweave/core";
import { cidPath } from "../cid.js";
import type { OperationContext } from "../operation-context.js";
import { annotationBody, annotationSchema, type AnnotationInput, type CirconusAnnotation } from "../schemas/annotation.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions, parseSignalOptions } from "./parse-input.js";

/** `GET /annotation`. Search terms: title (primary), description, category, start_on_epoch, stop_on_epoch. */
export function listAnnotations(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusAnnotation> {
  return paginateList(ctx, { operation: "listAnnotations", path: "/annotation", item: annotationSchema, options: parseListOptions(options, "listAnnotations") });
}

/**
 * `POST /annotation` (e.g. mark a deploy). Not retried: POST is not idempotent and only
 * `/check_bundle` POSTs are de-duplicated server-side (https://github.com/circonus-labs/go-apiclient). Refused before any request
 * when the token is declared read-only.
 */
export async function createAnnotation(
  ctx: OperationContext,
  input: AnnotationInput,
  options?: { signal?: AbortSignal },
): Promise<CirconusAnnotation> {
  ctx.assertWritable("createAnnotation");
  const body = annotationBody(input);
  const signal = parseSignalOptions(options, "createAnnotation");
  const response = await ctx.http.request({
    operation: "createAnnotation",
    method: "POST",
    path: "/annotation",
    body,
    headers: { "Content-Type": "application/json" },
    schema: annotationSchema,
    idempotent: false,
    ...signal,
  });
  return response.data;
}

/** What `deleteAnnotation()` did: removed the annotation, or found it already gone. */
export interface DeletedAnnotation {
  /** The annotation's CID (`/annotation/<id>`). */
  cid: string;
  /**
   * True when Circonus answered 404: the annotation was deleted before (by another client, or
   * by an earlier attempt of this same call whose answer was lost and that was then repeated).
   */
  alreadyGone: boolean;
}

/**
 * `DELETE /annotation/<id>`; accepts `1234` or `/annotation/1234` (https://docs.circonus.com/circonus/api/:
 * annotations support full CRUD). Refused before any request when the token is declared
 * read-only. DELETE is idempotent, so a network failure, a timeout or a 502/503/504 is retried
 * like a read; a 404, whether on the first attempt or after a repeat, means the annotation is
 * gone and resolves with `alreadyGone: true` instead of throwing.
 */
export async function deleteAnnotation(ctx: OperationContext, cid: string | number, options?: { signal?: AbortSignal }): Promise<DeletedAnnotation> {
  ctx.assertWritable("deleteAnnotation");
  const path = cidPath("annotation", cid);
  const signal = parseSignalOptions(options, "deleteAnnotation");
  try {
    // No schema: Circonus answers 200 (or 204) with an empty or unused body.
    await ctx.http.request({ operation: "deleteAnnotation", method: "DELETE", path, idempotent: true, ...signal });
    return { cid: path, alreadyGone: false };
  } catch (error) {
    if (NotFoundError.isInstance(error)) return { cid: path, alreadyGone: true };
    throw error;
  }
}
