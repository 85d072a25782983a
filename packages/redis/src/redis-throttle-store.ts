import { randomUUID } from "node:crypto";
import { ADAPTIVE_DEFAULTS, exhaustedFor, sleep, untilAborted, type StoreScope, type StoreThrottleSettings, type Throttle, type ThrottleStore } from "@toolweave/core";
import { ConcurrencyGate } from "./concurrency-gate.js";
import { RedisReplyError, type RedisGuard } from "./redis-guard.js";
import { repairKeys, type StoreKeyType } from "./repair-keys.js";
import { ACQUIRE, CUT, PAUSE, PAUSED, RENEW, runScript } from "./scripts.js";

/** Settings of the Redis throttle store (see `createRedisStores`). */
export interface RedisThrottleOptions {
  /** Key prefix. */
  readonly prefix: string;
  /** How long an in-flight lease lives without renewal (ms): a crashed worker's slot frees after this. */
  readonly leaseMs: number;
  /** Longest wait between two tries for an in-flight slot while the shared limit is full (ms). */
  readonly pollMs: number;
}

/** The Redis keys of one scope's throttle; the `{...}` hash tag keeps them in one cluster slot. */
export function throttleKeys(prefix: string, scope: StoreScope) {
  const base = `${prefix}:{${scope.id}}:t`;
  return { leases: `${base}:leases`, state: `${base}:state`, pause: `${base}:pause`, starts: `${base}:starts` };
}

/** Whether `reply` has the shape ACQUIRE returns: {granted, waitMs, rate, pausedMs, now}. */
function isAcquireReply(reply: unknown): reply is [number, number, string, number, number] {
  return (
    Array.isArray(reply) &&
    reply.length === 5 &&
    (reply[0] === 0 || reply[0] === 1) &&
    typeof reply[1] === "number" &&
    typeof reply[2] === "string" &&
    typeof reply[3] === "number" &&
    typeof reply[4] === "number"
  );
}

/** What every throttle this store opened for one scope shares in this process. */
interface ScopeState {
  /**
   * This process's in-flight bound: Redis-leased and local-fallback requests together. Redis
   * leases do not count requests still running on the fallback after an outage, nor does the
   * fallback count requests still running on leases when Redis goes away.
   */
  readonly gate: ConcurrencyGate;
  /** When the pause known here ends, on the monotonic clock (`performance.now()`): a wall-clock step neither stretches nor cuts it. */
  pausedUntil: number;
  /** A pause recorded here has not reached Redis (it was down, or the write failed): publish it once Redis answers. */
  unpublished: boolean;
  /** One try for a slot at a time: the others queue here, not in Redis. */
  turn: Promise<void>;
  /** Requests not yet running (waiting for the gate, their turn or a slot). */
  waiting: number;
  /** Requests running on a Redis lease. */
  leased: number;
}

/**
 * The throttle store on Redis: one request rate (evenly spaced start slots, GCRA-style, from a
 * shared "next start" time), one in-flight limit (leases that expire, renewed while a request
 * runs), one pause and one learnt rate per scope, for every process. While Redis is down
 * (see `RedisGuard`) each throttle runs on `fallback`, a local in-memory throttle; a process's
 * own in-flight limit holds across both. A key of the wrong type is repaired (one `bad-key`
 * event), not taken for an outage.
 */
export function createRedisThrottleStore(guard: RedisGuard, options: RedisThrottleOptions, fallback: ThrottleStore): ThrottleStore {
  const scopes = new Map<string, ScopeState>();

  return {
    open(scope: StoreScope, settings: StoreThrottleSettings): Throttle {
      const local = fallback.open(scope, settings);
      const keys = throttleKeys(options.prefix, scope);
      const keyList = [keys.leases, keys.state, keys.pause, keys.starts];
      const layout: { key: string; type: StoreKeyType }[] = [
        { key: keys.leases, type: "zset" },
        { key: keys.state, type: "hash" },
        { key: keys.pause, type: "string" },
        { key: keys.starts, type: "zset" },
      ];
      let state = scopes.get(scope.id);
      if (!state) {
        state = { gate: new ConcurrencyGate(settings.maxConcurrency), pausedUntil: 0, unpublished: false, turn: Promise.resolve(), waiting: 0, leased: 0 };
        scopes.set(scope.id, state);
      }
      const shared = state;
      const adaptive = settings.requestsPerSecond === undefined;
      const fixedInterval =
        settings.requestsPerSecond !== undefined && Number.isFinite(settings.requestsPerSecond) && settings.requestsPerSecond > 0 ? 1000 / settings.requestsPerSecond : 0;
      const initialRate = settings.adaptive?.initialRequestsPerSecond ?? ADAPTIVE_DEFAULTS.initialRequestsPerSecond;
      const minRate = settings.adaptive?.minRequestsPerSecond ?? ADAPTIVE_DEFAULTS.minRequestsPerSecond;
      const maxRate = settings.adaptive?.maxRequestsPerSecond ?? ADAPTIVE_DEFAULTS.maxRequestsPerSecond;
      const maxConcurrency = Number.isFinite(settings.maxConcurrency) ? settings.maxConcurrency : 0;
      // Idle scopes vanish from Redis after this (the state is rebuilt from scratch).
      const idleMs = Math.max(60_000, options.leaseMs * 2);
      let rate = adaptive ? Math.min(maxRate, Math.max(minRate, initialRate)) : (settings.requestsPerSecond ?? Infinity);
      /** Server clock minus local clock (ms), from the last acquire: maps send times to the server's clock. */
      let offset = 0;

      /**
       * Runs a command; when one of the scope's keys holds the wrong type (`WRONGTYPE`: another
       * program wrote under the prefix), repairs the keys and runs it once more.
       */
      const call = async <T>(command: Parameters<RedisGuard["call"]>[0], late?: (value: unknown) => void): Promise<T> => {
        try {
          return (await guard.call(command, late)) as T;
        } catch (error) {
          if (!(error instanceof RedisReplyError) || error.code !== "WRONGTYPE") throw error;
          await repairKeys(guard, layout);
          return (await guard.call(command, late)) as T;
        }
      };

      const release = (leaseId: string) => {
        if (!guard.healthy) return; // the lease expires by itself
        call((c) => c.zrem(keys.leases, leaseId)).catch(() => undefined);
      };

      /** How long a pause known in this process still holds requests (ms): recorded here, or learnt from Redis. */
      const heldFor = () => Math.max(shared.pausedUntil - performance.now(), local.pausedUntil - Date.now());

      /** A lease and a start slot from Redis: the lease id, or undefined when Redis failed (use the fallback). */
      const acquire = async (signal: AbortSignal | undefined): Promise<string | undefined> => {
        for (;;) {
          signal?.throwIfAborted();
          // A pause recorded here (a 429 this process saw) holds the next start at once: the
          // shared PAUSE may not have reached Redis yet, or was recorded while Redis was out.
          const held = heldFor();
          if (held > 0) {
            // Recorded while Redis was out: the other processes learn of it now, for what is left.
            if (shared.unpublished && guard.healthy) sharedPause(held);
            await sleep(Math.min(held, 1_000), signal);
            continue;
          }
          if (!guard.healthy) return undefined;
          const leaseId = randomUUID();
          const sentAt = Date.now();
          let reply: [number, number, string, number, number];
          try {
            reply = await call<[number, number, string, number, number]>(
              (c) => runScript(c, ACQUIRE, keyList, [leaseId, options.leaseMs, maxConcurrency, adaptive ? -1 : fixedInterval, initialRate, minRate, maxRate, idleMs]),
              // Answered after its timeout (the stores have fallen back meanwhile): Redis is
              // reachable, so give the lease back directly instead of letting it expire.
              (late) => {
                if (Array.isArray(late) && late[0] === 1) guard.client.zrem(keys.leases, leaseId).catch(() => undefined);
              },
            );
          } catch (error) {
            // Redis down, or refusing the script (this request runs on the local fallback).
            if (error instanceof RedisReplyError) guard.refused(error);
            return undefined;
          }
          if (!isAcquireReply(reply)) {
            // Not the script's answer (a program on the port that only looks like Redis): an outage.
            guard.markDown(new Error("the server's answer to the throttle script is not the one Redis gives"));
            return undefined;
          }
          guard.accepted();
          const [granted, waitMs, learnt, pauseMs, serverNow] = reply;
          offset = serverNow - (sentAt + Date.now()) / 2;
          if (learnt !== "") rate = Number(learnt);
          if (pauseMs > 0) shared.pausedUntil = Math.max(shared.pausedUntil, performance.now() + pauseMs);
          if (granted === 1) {
            if (waitMs > 0) {
              try {
                await sleep(waitMs, signal);
              } catch (error) {
                release(leaseId);
                throw error;
              }
              // A pause may have begun while this request waited for its slot: here or elsewhere.
              let left = heldFor();
              if (left <= 0) {
                try {
                  left = Number(await call((c) => runScript(c, PAUSED, [keys.pause], [])));
                } catch {
                  release(leaseId);
                  return undefined;
                }
                if (left > 0) shared.pausedUntil = Math.max(shared.pausedUntil, performance.now() + left);
              }
              if (left > 0) {
                release(leaseId);
                continue;
              }
            }
            return leaseId;
          }
          // No slot: a pause (wait it out) or the in-flight limit is full (try again soon).
          const wait = waitMs >= 0 ? waitMs : options.pollMs * (0.5 + Math.random() / 2);
          await sleep(Math.min(wait, 1_000), signal);
        }
      };

      const takeTurn = async (signal: AbortSignal | undefined): Promise<string | undefined> => {
        const previous = shared.turn;
        let done!: () => void;
        shared.turn = new Promise((resolve) => (done = resolve));
        try {
          // The caller's abort ends the wait at once, not when the one ahead gets its slot.
          await untilAborted(previous, signal);
          return await acquire(signal);
        } finally {
          // The next one's turn comes only once the one ahead is done too (an aborted waiter leaves early).
          void previous.then(done);
        }
      };

      const sharedPause = (ms: number) => {
        shared.unpublished = true;
        if (!guard.healthy) return;
        shared.unpublished = false;
        call((c) => runScript(c, PAUSE, [keys.pause], [Math.ceil(ms)])).catch(() => {
          shared.unpublished = true;
        });
      };

      return {
        async run(task, signal) {
          const queuedAt = performance.now();
          shared.waiting += 1;
          let leaseId: string | undefined;
          try {
            await shared.gate.enter(signal);
            try {
              if (guard.healthy) leaseId = await takeTurn(signal);
            } catch (error) {
              shared.gate.leave();
              throw error;
            }
          } finally {
            shared.waiting -= 1;
          }
          try {
            if (leaseId === undefined) return await local.run(() => task(performance.now() - queuedAt), signal);
            const id = leaseId;
            shared.leased += 1;
            // Renew the lease while the request runs, so a long request keeps its slot; a crashed
            // process stops renewing and its slot frees when the lease expires.
            const renew = setInterval(() => {
              if (guard.healthy) call((c) => runScript(c, RENEW, [keys.leases], [id, options.leaseMs])).catch(() => undefined);
            }, Math.max(50, options.leaseMs / 3));
            renew.unref?.();
            try {
              return await task(performance.now() - queuedAt);
            } finally {
              clearInterval(renew);
              shared.leased -= 1;
              release(id);
            }
          } finally {
            shared.gate.leave();
          }
        },
        pauseFor(ms) {
          local.pauseFor(ms);
          shared.pausedUntil = Math.max(shared.pausedUntil, performance.now() + ms);
          sharedPause(ms);
        },
        observe(observation) {
          local.observe(observation);
          if (!adaptive) return;
          // Rate-limit headers saying nothing is left pause every process (adaptive mode, as in memory).
          // Capped as the client caps it (retry.maxRetryAfterMs): a reset an hour ahead must not hold every process for an hour.
          const exhausted = exhaustedFor(observation.headers, Date.now(), observation.maxPauseMs);
          if (exhausted !== undefined) {
            shared.pausedUntil = Math.max(shared.pausedUntil, performance.now() + exhausted);
            sharedPause(exhausted);
          }
          // A 429 cuts the shared rate only for a request sent through Redis, with Redis's count of
          // the second before it complete: not one sent on the local fallback, nor in the first
          // second after recovery (those 429s come from the fallback's own pace, and Redis saw
          // none of its starts). The local fallback has already learnt from it above.
          const judged = observation.sentAt >= guard.healthySince + 1_000;
          if (observation.status === 429 && guard.healthy && judged) {
            call((c) => runScript(c, CUT, [keys.state, keys.starts], [observation.sentAt + offset, initialRate, minRate, idleMs]))
              .then((learnt) => {
                rate = Number(learnt);
              })
              .catch(() => undefined);
          }
        },
        get requestsPerSecond() {
          return guard.healthy ? rate : local.requestsPerSecond;
        },
        get mode() {
          return adaptive ? ("adaptive" as const) : ("fixed" as const);
        },
        get inFlight() {
          return shared.leased + local.inFlight;
        },
        get queued() {
          return shared.waiting + local.queued;
        },
        get pausedUntil() {
          // Epoch ms at the edge, as Throttle documents; held on the monotonic clock inside.
          const left = heldFor();
          return left > 0 ? Date.now() + left : 0;
        },
      };
    },
  };
}
