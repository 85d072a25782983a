import { redactExcerpt } from "@toolweave/core";
import type { RedisClientLike } from "./redis-client-like.js";

/**
 * What the Redis stores report about Redis itself, once per transition: `fallback` when Redis
 * stopped answering in time (the stores now throttle and cache in this process only), and
 * `recovered` when it answers again (the shared budget and cache are back); `bad-key` when one
 * of their keys held the wrong type and was repaired; `cache-off` when the shared cache stopped.
 */
export type RedisStoreEvent =
  | {
      readonly type: "fallback";
      /** Why: a timeout or the Redis client's error, redacted. Never holds a key or a secret. */
      readonly reason: string;
      /** The message to log, saying what happens now. */
      readonly message: string;
    }
  | {
      readonly type: "recovered";
      /** How long the stores ran without Redis (ms). */
      readonly downMs: number;
      /** The message to log. */
      readonly message: string;
    }
  | {
      /** A key of the stores (under their prefix) held the wrong type: it was deleted so the stores work again. */
      readonly type: "bad-key";
      /** The key (prefix, scope id with the credential's fingerprint, never the credential). */
      readonly key: string;
      /** The type the stores keep there (`string`, `hash`, `zset`). */
      readonly expected: string;
      /** The type found (as Redis's `TYPE` names it). */
      readonly found: string;
      /** The message to log, saying what to do. */
      readonly message: string;
    }
  | {
      /** The shared cache stopped (e.g. Redis refuses writes): GET responses are cached in this process only. */
      readonly type: "cache-off";
      /** Why, redacted. */
      readonly reason: string;
      /** The message to log, saying what happens now. */
      readonly message: string;
    };

/** How the guard talks to Redis: timeouts and the re-probe backoff. */
export interface RedisGuardOptions {
  /** Longest wait for one Redis command (ms). */
  readonly commandTimeoutMs: number;
  /** First wait before probing a Redis that failed (ms); doubles up to `maxProbeMs`. */
  readonly minProbeMs: number;
  /** Longest wait between probes (ms). */
  readonly maxProbeMs: number;
  /** Receives fallback/recovery events. */
  readonly onEvent?: ((event: RedisStoreEvent) => void) | undefined;
}

/**
 * An error reply from Redis (`WRONGTYPE`, `OOM`, `ERR`, `NOSCRIPT`…): the server answered, so it
 * is up; the command itself was refused. The stores reject with it without
 * switching to the local fallback (except for the replies of a server that cannot serve now,
 * such as `LOADING` or `BUSY`, which count as an outage).
 */
export class RedisReplyError extends Error {
  /**
   * The first word of the reply, its kind, e.g. `WRONGTYPE`
   * (https://redis.io/docs/latest/develop/reference/protocol-spec/#simple-errors); for an error
   * inside a script on Redis before 7, the inner error's.
   */
  readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisReplyError";
    const first = /^[A-Z][A-Z0-9_-]*/.exec(message)?.[0] ?? "ERR";
    // Before Redis 7 an error inside a script came back as "ERR Error running script (…):
    // @user_script:1: WRONGTYPE …": the inner code says what went wrong.
    this.code = first === "ERR" ? (/@user_script:\d+: -?([A-Z][A-Z0-9_-]*) /.exec(message)?.[1] ?? first) : first;
  }
}

/**
 * Replies of a server that is up but cannot serve now (loading its data, busy with a long
 * script, a replica without its primary, a cluster slot moving): these still switch to the local
 * fallback until a probe succeeds, as a timeout does.
 */
const UNAVAILABLE_REPLIES = new Set(["LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN"]);

/**
 * The client's error for an error reply, as a {@link RedisReplyError}; undefined for anything
 * else (a timeout, a closed connection). ioredis names it `ReplyError`, node-redis `ErrorReply`.
 */
export function toReplyError(error: unknown): RedisReplyError | undefined {
  if (error instanceof RedisReplyError) return error;
  if (!(error instanceof Error) || (error.name !== "ReplyError" && error.name !== "ErrorReply")) return undefined;
  return new RedisReplyError(error.message, { cause: error });
}

/** Thrown by {@link RedisGuard.call} while Redis is considered down: use the local fallback. */
export class RedisDownError extends Error {
  constructor(message = "Redis is not answering; the stores run on local memory until it does.") {
    super(message);
    this.name = "RedisDownError";
  }
}

/**
 * Every Redis command of the stores goes through here: each gets a short timeout; the first
 * timeout or connection failure switches the stores to local fallback (one `fallback` event),
 * after which no command is sent until a PING probe (with exponential backoff) succeeds (one
 * `recovered` event). An error reply (the server answered) is the caller's to handle: see
 * {@link RedisReplyError}.
 */
export class RedisGuard {
  #healthy = true;
  #outages = 0;
  #downSince = 0;
  #healthySince = 0;
  /** When Redis began refusing the throttle's commands (0: it accepts them). */
  #refusedSince = 0;
  #probeMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    readonly client: RedisClientLike,
    readonly options: RedisGuardOptions,
  ) {
    this.#probeMs = options.minProbeMs;
  }

  /**
   * When Redis last came back after an outage (epoch ms; 0 if it never went away). Requests
   * sent before then ran on the local fallback, unseen by Redis.
   */
  get healthySince(): number {
    return this.#healthySince;
  }

  /** How many times Redis has gone away so far: tells one outage's local state from another's. */
  get outages(): number {
    return this.#outages;
  }

  /** Whether commands are sent to Redis now (false: the stores use their local fallback). */
  get healthy(): boolean {
    return this.#healthy && !this.#closed;
  }

  /**
   * Runs `command` with the command timeout. Rejects with `RedisDownError` at once while Redis
   * is down; a timeout or transport error marks it down and rejects. An error reply rejects with
   * {@link RedisReplyError} and leaves Redis up (the server answered; PING would say so at once,
   * so marking it down would only flap). `late` receives the result of a command that answered
   * after its timeout (e.g. to give back a lease it took).
   */
  async call<T>(command: (client: RedisClientLike) => Promise<T>, late?: (value: T) => void): Promise<T> {
    if (!this.healthy) throw new RedisDownError();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const running = command(this.client);
    try {
      return await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new Error(`no answer within ${this.options.commandTimeoutMs} ms`));
          }, this.options.commandTimeoutMs);
        }),
      ]);
    } catch (error) {
      const reply = timedOut ? undefined : toReplyError(error);
      if (reply === undefined || UNAVAILABLE_REPLIES.has(reply.code)) this.markDown(error);
      throw reply ?? error;
    } finally {
      clearTimeout(timer);
      if (timedOut) running.then((value) => late?.(value), () => undefined);
    }
  }

  /** Switches to local fallback (once per outage) and schedules the first probe. */
  markDown(error: unknown): void {
    if (!this.#healthy || this.#closed) return;
    this.#healthy = false;
    this.#outages += 1;
    // Already reported as a fallback (Redis refused the throttle's commands): the probe's
    // `recovered` event ends both.
    const refusing = this.#refusedSince !== 0;
    this.#downSince = refusing ? this.#refusedSince : Date.now();
    this.#refusedSince = 0;
    this.#probeMs = this.options.minProbeMs;
    this.#schedule();
    if (refusing) return;
    const reason = redactExcerpt(error instanceof Error ? error.message : String(error), 160);
    this.#emit({
      type: "fallback",
      reason,
      message: `toolweave: Redis is not answering (${reason}); throttling and caching in this process only until it does. Every request still runs.`,
    });
  }

  /**
   * Redis answered, but refused the throttle's command with an error it will give again (e.g.
   * `NOPERM`): the throttle runs on its local fallback without marking Redis down (a PING would
   * succeed at once, and the stores would flap). One `fallback` event until {@link accepted}.
   */
  refused(error: RedisReplyError): void {
    if (!this.healthy || this.#refusedSince !== 0) return;
    this.#refusedSince = Date.now();
    const reason = redactExcerpt(error.message, 160);
    this.#emit({
      type: "fallback",
      reason,
      message:
        `toolweave: Redis refuses the shared throttle's commands (${reason}); throttling in this process only until it accepts them. Every request still runs. ` +
        "Fix: give the stores' Redis user the EVAL, EVALSHA and key permissions the stores need, on a primary (not a read-only replica).",
    });
  }

  /** A throttle command succeeded: ends a {@link refused} fallback (one `recovered` event). */
  accepted(): void {
    if (this.#refusedSince === 0) return;
    const downMs = Date.now() - this.#refusedSince;
    this.#refusedSince = 0;
    this.#healthySince = Date.now();
    this.#emit({ type: "recovered", downMs, message: `toolweave: Redis accepts the shared throttle's commands again after ${downMs} ms; the shared budget is back.` });
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => void this.#probe(), this.#probeMs);
    this.#timer.unref?.();
  }

  async #probe(): Promise<void> {
    if (this.#closed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("timeout")), this.options.commandTimeoutMs);
        }),
      ]);
      if (this.#closed) return;
      this.#healthy = true;
      this.#healthySince = Date.now();
      const downMs = Date.now() - this.#downSince;
      this.#emit({ type: "recovered", downMs, message: `toolweave: Redis answers again after ${downMs} ms; the shared budget and cache are back.` });
    } catch {
      this.#probeMs = Math.min(this.options.maxProbeMs, this.#probeMs * 2);
      this.#schedule();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `event` to `onEvent` (a failing listener is ignored). */
  report(event: RedisStoreEvent): void {
    this.#emit(event);
  }

  #emit(event: RedisStoreEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A failing listener must never break a request.
    }
  }

  /** Stops probing; every later call falls back at once. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }
}
