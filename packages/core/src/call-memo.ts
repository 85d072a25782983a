import { throwIfCancelled } from "./cancelled.js";
import { untilAborted } from "./http/on-abort.js";
import type { HttpClient } from "./http/types.js";

// A registry symbol, so a memo made by another copy of core is still recognised.
const TABLES = Symbol.for("toolweave.callMemo");

interface Entry {
  readonly promise: Promise<unknown>;
  /** The signal of the call that started it: when that one aborts, the entry is no answer. */
  readonly signal: AbortSignal | undefined;
}

type Tables = WeakMap<object, Map<string, Entry>>;

/**
 * What the lookups made for one answer share, so none of them is made twice: a page that shows
 * a timeline and a status, or one `status` command, creates one with {@link createCallMemo} and
 * passes it as `memo` to every call it makes (the hub's `timeline` and `correlate`, a
 * correlator's `find` and `events`, a connector's operations that accept it), then drops it.
 *
 * Opaque. It keeps every answer it saw, failures included, for as long as it lives: a lookup
 * that failed is not made again within it, and every call is told the same failure. Keep one
 * for one answer, never for a process (it is not a cache: nothing in it expires).
 */
export interface CallMemo {
  readonly kind: "toolweave.call-memo";
}

/** A new, empty {@link CallMemo}: create one per answer. */
export function createCallMemo(): CallMemo {
  const memo = { kind: "toolweave.call-memo" as const };
  Object.defineProperty(memo, TABLES, { value: new WeakMap() satisfies Tables });
  return Object.freeze(memo);
}

function tablesOf(memo: unknown): Tables | undefined {
  if (typeof memo !== "object" || memo === null) return undefined;
  const tables = (memo as { [TABLES]?: unknown })[TABLES];
  return tables instanceof WeakMap ? (tables as Tables) : undefined;
}

/** True for a memo made by {@link createCallMemo} (from any copy of core). */
export function isCallMemo(value: unknown): value is CallMemo {
  return tablesOf(value) !== undefined;
}

/** Where a memoized call comes from, for the error a caller's own abort raises. */
export interface MemoizeOptions {
  /** The caller's signal: its abort ends this caller's wait, never another caller's. */
  signal?: AbortSignal | undefined;
  operation?: string;
  provider?: string;
}

/**
 * For connectors: `run()` once per `key` within `scope` (an object standing for one client, so
 * two clients, e.g. two tokens, never share) among all calls given the same `memo`; every later
 * call with that key gets the first one's promise, its failure included. Without a memo it is
 * simply `run()`.
 *
 * Cancellation is per caller: a call whose own signal aborts stops waiting (with `AbortedError`);
 * an entry whose starting call was aborted is dropped, and a caller still running starts it
 * again under its own signal, so one caller's abort never becomes another's answer.
 */
export async function memoize<T>(memo: CallMemo | undefined, scope: object, key: string, run: () => Promise<T>, options: MemoizeOptions = {}): Promise<T> {
  const tables = memo === undefined ? undefined : tablesOf(memo);
  if (!tables) return run();
  const { signal } = options;
  let entries = tables.get(scope);
  if (!entries) {
    entries = new Map();
    tables.set(scope, entries);
  }
  for (;;) {
    let entry = entries.get(key);
    if (!entry) {
      entry = { promise: run(), signal };
      entries.set(key, entry);
    }
    const own = entry.signal === signal;
    try {
      // A wait on another caller's entry ends when this caller aborts; its own call ends by itself.
      return (await (own ? entry.promise : untilAborted(entry.promise, signal))) as T;
    } catch (error) {
      const abandoned = entry.signal?.aborted === true;
      if (abandoned && entries.get(key) === entry) entries.delete(key);
      if (signal?.aborted) {
        if (own) throw error;
        throwIfCancelled(signal, { operation: options.operation ?? "call", ...(options.provider ? { provider: options.provider } : {}) });
      }
      // A failure (not an abort) is the answer for every caller.
      if (own || !abandoned) throw error;
      // Started by a caller that has since aborted: start it again for this one.
    }
  }
}

/** What makes two GETs the same read: the operation, path, query and headers (never the signal). */
function readKey(options: { operation: string; path: string; query?: object | undefined; headers?: object | undefined }): string {
  const sorted = (record: object | undefined) => (record ? Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : []);
  return JSON.stringify([options.operation, options.path, sorted(options.query), sorted(options.headers)]);
}

/** A memoizing client → the client it reads through, so wrapping twice still shares one scope. */
const originals = new WeakMap<HttpClient, HttpClient>();

/**
 * For connectors: `http` with every GET sent through `memo` (see {@link memoize}), so a read
 * another call of the same answer made (or is making) is not sent again, and a read that failed
 * fails the same way for each. Scoped to the underlying client, so two clients (two tokens, two
 * hosts) never share; everything but `get` is the client's own. Without a memo, `http` itself.
 */
export function memoizedGets(http: HttpClient, memo: CallMemo | undefined): HttpClient {
  if (!memo) return http;
  const client = originals.get(http) ?? http;
  const get: HttpClient["get"] = (options) =>
    memoize(memo, client, readKey(options), () => client.get(options), {
      ...(options.signal ? { signal: options.signal } : {}),
      operation: options.operation,
      provider: client.provider,
    });
  const memoized = Object.assign(Object.create(client) as HttpClient, { get });
  originals.set(memoized, client);
  return memoized;
}
