import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { annotationBody, annotationSchema, type AnnotationInput, type CirconusAnnotation } from "../schemas/annotation.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions, parseSignalOptions } from "./parse-arguments.js";

/** `GET /annotation`. Search terms: title (primary), description, category, start_on_epoch, stop_on_epoch. */
export function listAnnotations(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusAnnotation> {
  return listPaged(ctx, { operation: "listAnnotations", path: "/annotation", item: annotationSchema, options: parseListOptions(options, "listAnnotations") });
}

/**
 * `POST /annotation` (e.g. mark a deploy). Not retried: POST is not idempotent and only
 * `/check_bundle` POSTs are de-duplicated server-side (https://github.com/circonus-labs/go-apiclient). Refused before any request
 * when the token is declared read-only.
 */
export async function createAnnotation(
  ctx: CirconusContext,
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
