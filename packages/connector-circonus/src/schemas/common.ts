import { z } from "zod";
import { lazySchema } from "@toolweave/core";

/** Lenient helpers: the API may send null or omit a field; enums stay open strings (https://docs.circonus.com/circonus/api/, https://github.com/circonus-labs/go-apiclient). */
export const str = lazySchema(() => z.string().nullable().optional());
export const num = lazySchema(() => z.number().nullable().optional());
export const bool = lazySchema(() => z.boolean().nullable().optional());
export const strList = lazySchema(() => z.array(z.string()).nullable().optional());
/** A number the API sometimes sends as a string (graph bounds, broker coordinates, https://github.com/circonus-labs/go-apiclient). */
export const numOrStr = lazySchema(() => z.union([z.number(), z.string()]).nullable().optional());
/** `tags` arrays of `category:value` strings (lower-cased, de-duplicated, sorted by the server). */
export const tags = lazySchema(() => z.array(z.string()).nullable().optional());
