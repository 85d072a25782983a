import { z } from "zod";

/** A field the API may send as null or leave out (the spec's `x-nullable`; API-NOTES §11). */
export const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** Open enum: the spec adds values over time (API-NOTES §10), so any string is accepted. */
export const openEnum = () => z.string();

/**
 * A page of a cursor list: `{ items, next_page_token }`. The token is required and
 * nullable (mostly `x-nullable`), has been seen as `""`, and is treated as done when null,
 * empty or missing (API-NOTES §4).
 */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_page_token: nullish(z.string()),
  });
}
export type Page<T> = { items: T[]; next_page_token?: string | null | undefined };
