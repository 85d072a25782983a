import { randomUUID } from "node:crypto";
import { ADAPTIVE_DEFAULTS, exhaustedFor, sleep, type StoreScope, type StoreThrottleSettings, type Throttle, type ThrottleStore } from "@toolweave/core";
import type { RedisGuard } from "./redis-guard.js";
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

/**
 * The throttle store on Redis: one request rate (evenly spaced start slots, GCRA-style, from a
 * shared "next start" time), one in-flight limit (leases that expire, renewed while a request
 * runs), one pause and one learnt rate per scope, for every process. While Redis is down
 * (see `RedisGuard`) each throttle runs on `fallback`, a local in-memory throttle.
 */
export function createRedisThrottleStore(guard: RedisGuard, options: RedisThrottleOptions, fallback: ThrottleStore): ThrottleStore {
  return {
    open(scope: StoreScope, settings: StoreThrottleSettings): Throttle {
      const local = fallback.open(scope, settings);
      const keys = throttleKeys(options.prefix, scope);
      const keyList = [keys.leases, keys.state, keys.pause, keys.starts];
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
      let active = 0;
      let waiting = 0;
      let pausedUntil = 0;
      /** Server clock minus local clock (ms), from the last acquire: maps send times to the server's clock. */
      let offset = 0;
      // One try for a slot at a time per throttle: the others queue here, not in Redis.
      let turn: Promise<void> = Promise.resolve();

      const release = (leaseId: string) => {
        if (!guard.healthy) return; // the lease expires by itself
        guard.call((c) => c.zrem(keys.leases, leaseId)).catch(() => undefined);
      };

      /** A lease and a start slot from Redis: the lease id, or undefined when Redis failed (use the fallback). */
      const acquire = async (signal: AbortSignal | undefined): Promise<string | undefined> => {
        for (;;) {
          signal?.throwIfAborted();
          if (!guard.healthy) return undefined;
          const leaseId = randomUUID();
          const sentAt = Date.now();
          let reply: [number, number, string, number, number];
          try {
            reply = (await guard.call(
              (c) => runScript(c, ACQUIRE, keyList, [leaseId, options.leaseMs, maxConcurrency, adaptive ? -1 : fixedInterval, initialRate, minRate, maxRate, idleMs]),
              // Answered after its timeout (the stores have fallen back meanwhile): Redis is
              // reachable, so give the lease back directly instead of letting it expire.
              (late) => {
                if (Array.isArray(late) && late[0] === 1) guard.client.zrem(keys.leases, leaseId).catch(() => undefined);
              },
            )) as [number, number, string, number, number];
          } catch {
            return undefined;
          }
          const [granted, waitMs, learnt, pauseMs, serverNow] = reply;
          offset = serverNow - (sentAt + Date.now()) / 2;
          if (learnt !== "") rate = Number(learnt);
          if (pauseMs > 0) pausedUntil = Math.max(pausedUntil, Date.now() + pauseMs);
          if (granted === 1) {
            if (waitMs > 0) {
              try {
                await sleep(waitMs, signal);
              } catch (error) {
                release(leaseId);
                throw error;
              }
              // A pause may have begun while this request waited for its slot.
              let left = 0;
              try {
                left = Number(await guard.call((c) => runScript(c, PAUSED, [keys.pause], [])));
              } catch {
                release(leaseId);
                return undefined;
              }
              if (left > 0) {
                pausedUntil = Math.max(pausedUntil, Date.now() + left);
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
        const previous = turn;
        let done!: () => void;
        turn = new Promise((resolve) => (done = resolve));
        try {
          await previous;
          return await acquire(signal);
        } finally {
          done();
        }
      };

      const sharedPause = (ms: number) => {
        if (!guard.healthy) return;
        guard.call((c) => runScript(c, PAUSE, [keys.pause], [Math.ceil(ms)])).catch(() => undefined);
      };

      return {
        async run(task, signal) {
          if (!guard.healthy) return await local.run(task, signal);
          const queuedAt = Date.now();
          waiting += 1;
          let leaseId: string | undefined;
          try {
            leaseId = await takeTurn(signal);
          } finally {
            waiting -= 1;
          }
          if (leaseId === undefined) return await local.run(task, signal);
          const id = leaseId;
          active += 1;
          // Renew the lease while the request runs, so a long request keeps its slot; a crashed
          // process stops renewing and its slot frees when the lease expires.
          const renew = setInterval(() => {
            if (guard.healthy) guard.call((c) => runScript(c, RENEW, [keys.leases], [id, options.leaseMs])).catch(() => undefined);
          }, Math.max(50, options.leaseMs / 3));
          renew.unref?.();
          try {
            return await task(Date.now() - queuedAt);
          } finally {
            clearInterval(renew);
            active -= 1;
            release(id);
          }
        },
        pauseFor(ms) {
          local.pauseFor(ms);
          pausedUntil = Math.max(pausedUntil, Date.now() + ms);
          sharedPause(ms);
        },
        observe(observation) {
          local.observe(observation);
          if (!adaptive) return;
          // Rate-limit headers saying nothing is left pause every process (adaptive mode, as in memory).
          const exhausted = exhaustedFor(observation.headers);
          if (exhausted !== undefined) {
            pausedUntil = Math.max(pausedUntil, Date.now() + exhausted);
            sharedPause(exhausted);
          }
          // A 429 cuts the shared rate only for a request sent through Redis, with Redis's count of
          // the second before it complete: not one sent on the local fallback, nor in the first
          // second after recovery (those 429s come from the fallback's own pace, and Redis saw
          // none of its starts). The local fallback has already learnt from it above.
          const judged = observation.sentAt >= guard.healthySince + 1_000;
          if (observation.status === 429 && guard.healthy && judged) {
            guard
              .call((c) => runScript(c, CUT, [keys.state, keys.starts], [observation.sentAt + offset, initialRate, minRate, idleMs]))
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
          return active + local.inFlight;
        },
        get queued() {
          return waiting + local.queued;
        },
        get pausedUntil() {
          const until = Math.max(pausedUntil, local.pausedUntil);
          return until > Date.now() ? until : 0;
        },
      };
    },
  };
}
