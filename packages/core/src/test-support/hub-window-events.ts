import type { ServiceEvent } from "../service-event.js";

// The window and event builder the hub's timeline and delivery tests share: a two-hour window,
// events placed by minutes from its start, for checkout in prod unless told otherwise.

export const MIN = 60_000;
export const since = new Date("2026-03-02T10:00:00.000Z");
export const until = new Date("2026-03-02T12:00:00.000Z");
/** ISO time `min` minutes after `since` (negative: before it). */
export const at = (min: number): string => new Date(since.getTime() + min * MIN).toISOString();

/** A `ServiceEvent` of checkout in prod at `at(min)`, titled after its kind and id. */
export const e = (provider: string, id: string, kind: ServiceEvent["kind"], min: number, extra: Partial<ServiceEvent> = {}): ServiceEvent => ({
  id,
  provider,
  kind,
  start: at(min),
  env: "prod",
  title: `${kind} ${id}`,
  keys: { service: "checkout", env: "prod" },
  ...extra,
});
