import { redactExcerpt } from "@toolweave/core";
import type { RedisClientLike } from "./redis-client-like.js";

/**
 * What the Redis stores report about Redis itself, once per transition: `fallback` when Redis
 * stopped answering in time (the stores now throttle and cache in this process only), and
 * `recovered` when it answers again (the shared budget and cache are back).
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

/** Thrown by {@link RedisGuard.call} while Redis is considered down: use the local fallback. */
export class RedisDownError extends Error {
  constructor(message = "Redis is not answering; the stores run on local memory until it does.") {
    super(message);
    this.name = "RedisDownError";
  }
}

/**
 * Every Redis command of the stores goes through here: each gets a short timeout; the first
 * failure switches the stores to local fallback (one `fallback` event), after which no command
 * is sent until a PING probe (with exponential backoff) succeeds (one `recovered` event).
 */
export class RedisGuard {
  #healthy = true;
  #downSince = 0;
  #healthySince = 0;
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

  /** Whether commands are sent to Redis now (false: the stores use their local fallback). */
  get healthy(): boolean {
    return this.#healthy && !this.#closed;
  }

  /**
   * Runs `command` with the command timeout. Rejects with `RedisDownError` at once while Redis
   * is down; a timeout or error marks it down and rejects. `late` receives the result of a
   * command that answered after its timeout (e.g. to give back a lease it took).
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
      this.markDown(error);
      throw error;
    } finally {
      clearTimeout(timer);
      if (timedOut) running.then((value) => late?.(value), () => undefined);
    }
  }

  /** Switches to local fallback (once per outage) and schedules the first probe. */
  markDown(error: unknown): void {
    if (!this.#healthy || this.#closed) return;
    this.#healthy = false;
    this.#downSince = Date.now();
    this.#probeMs = this.options.minProbeMs;
    const reason = redactExcerpt(error instanceof Error ? error.message : String(error), 160);
    this.#emit({
      type: "fallback",
      reason,
      message: `toolweave: Redis is not answering (${reason}); throttling and caching in this process only until it does. Every request still runs.`,
    });
    this.#schedule();
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
