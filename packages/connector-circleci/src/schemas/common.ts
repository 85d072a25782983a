import { z } from "zod";

/** A field the API may send as null or leave out (the spec's `x-nullable`; https://circleci.com/api/v2/openapi.json). */
export const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** Open enum: the spec adds values over time (https://circleci.com/docs/api/v2/index.html), so any string is accepted. */
export const openEnum = () => z.string();

/**
 * A page of a cursor list: `{ items, next_page_token }`. The token is required and
 * nullable (mostly `x-nullable`), has been seen as `""`, and is treated as done when null,
 * empty or missing (https://circleci.com/docs/api/v2/index.html#section/Pagination).
 */
const pageSchemas = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema of a page of `item`s, built once per item schema: building a zod schema runs its
 * code generation again, which cost about as much as validating a page when done per call.
 */
export function pageSchema<T extends z.ZodType>(item: T) {
  let schema = pageSchemas.get(item) as ReturnType<typeof buildPageSchema<T>> | undefined;
  if (!schema) {
    schema = buildPageSchema(item);
    pageSchemas.set(item, schema);
  }
  return schema;
}

function buildPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_page_token: nullish(z.string()),
  });
}
export type Page<T> = { items: T[]; next_page_token?: string | null | undefined };
