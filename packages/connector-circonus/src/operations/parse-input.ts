import { InvalidInputError, describeReceived } from "@toolweave/core";
import { MAX_PAGE_SIZE } from "../settings.js";
import { isCirconusSearch, searchText } from "../search.js";
import type { ListOptions } from "../paginate-list.js";
import { quoteInput } from "../quote-input.js";

const LIST_KEYS = ["search", "filter", "order", "dir", "pageSize", "maxPages", "signal"] as const;

function refuse(operation: string, problem: string, fix: string): InvalidInputError {
  return new InvalidInputError(`Circonus ${operation}: ${problem}.`, { provider: "circonus", fix });
}

/** An options argument: `undefined` or `null` mean none; anything but a plain object is refused. */
function optionsObject(value: unknown, operation: string, shape: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) {
    throw refuse(operation, `options must be an object (got ${describeReceived(value)})`, `Pass ${shape}, or leave the options out.`);
  }
  return value as Record<string, unknown>;
}

function refuseUnknown(options: Record<string, unknown>, known: readonly string[], operation: string): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length) {
    throw refuse(operation, `unknown option(s) ${unknown.map((k) => quoteInput(k)).join(", ")}`, `Known options are ${known.join(", ")}.`);
  }
}

function checkSignal(signal: unknown, operation: string): AbortSignal | undefined {
  if (signal === undefined || signal instanceof AbortSignal) return signal;
  throw refuse(operation, `signal must be an AbortSignal (got ${describeReceived(signal)})`, "Pass an AbortController's signal, or leave signal out.");
}

/** Options of operations that take only `{ signal }`: a number or an unknown key is refused. */
export function parseSignalOptions(value: unknown, operation: string): { signal?: AbortSignal } {
  const options = optionsObject(value, operation, "{ signal?: AbortSignal }");
  refuseUnknown(options, ["signal"], operation);
  const signal = checkSignal(options.signal, operation);
  return signal ? { signal } : {};
}

/**
 * Checks a list operation's options before anything is sent: a plain object with known keys,
 * `search` a spec or a search built by `buildSearch` (never a raw string), `filter` an array,
 * whole-number `pageSize` (1–1000) and `maxPages`, `dir` asc/desc, `signal` an AbortSignal.
 * `extraKeys` are the operation's own options (checked by the operation).
 */
export function parseListOptions<T extends ListOptions>(value: unknown, operation: string, extraKeys: readonly string[] = []): T {
  const options = optionsObject(value, operation, '{ search?, filter?, order?, dir?, pageSize?, maxPages?, signal? }');
  refuseUnknown(options, [...LIST_KEYS, ...extraKeys], operation);
  const { search, filter, order, dir, pageSize, maxPages, signal } = options;
  if (search !== undefined && !isCirconusSearch(search)) searchText(search, operation);
  if (filter !== undefined && !Array.isArray(filter)) {
    throw refuse(operation, `filter must be an array of { field, op?, value } clauses (got ${describeReceived(filter)})`, 'Pass filter as [{ field: "tags", op: "has", value: "env:prod" }].');
  }
  if (order !== undefined && typeof order !== "string") {
    throw refuse(operation, `order must be a field name (got ${describeReceived(order)})`, 'Pass a JSON field name such as "_cid" or "display_name".');
  }
  if (dir !== undefined && dir !== "asc" && dir !== "desc") {
    throw refuse(operation, `dir must be "asc" or "desc" (got ${describeReceived(dir)})`, 'Pass dir: "asc" or dir: "desc".');
  }
  if (pageSize !== undefined && (typeof pageSize !== "number" || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
    throw refuse(operation, `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${describeReceived(pageSize)})`, `Pass pageSize between 1 and ${MAX_PAGE_SIZE}, or leave it out for the pageSize setting.`);
  }
  if (maxPages !== undefined && (typeof maxPages !== "number" || !Number.isSafeInteger(maxPages) || maxPages < 1)) {
    throw refuse(operation, `maxPages must be a positive whole number (got ${describeReceived(maxPages)})`, "Pass maxPages of 1 or more, or leave it out for the maxPages setting.");
  }
  checkSignal(signal, operation);
  return options as T;
}
