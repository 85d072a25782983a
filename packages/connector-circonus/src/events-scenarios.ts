/**
 * Hand-built timeline scenarios whose right answer is known (tests only, not part of the
 * published entry points). Each serves realistic `/alert` and `/annotation` data through
 * `fakeCirconusApi` and lists every event that exists, in the window or not, so the
 * conformance suite can hold `events` and `hub.timeline` to the truth property.
 */
import type { EventsTruthScenario, TruthEvent } from "@toolweave/core/testing";
import { fakeAlert, fakeAnnotation, fakeCirconusApi } from "./fake-circonus-api.js";
import { deployMarker } from "./service-events.js";

const DAY = 86_400;
/** The window every scenario asks about: six hours, read one hour after it ended. */
export const SCENARIO_SINCE = new Date("2026-03-02T06:00:00.000Z");
export const SCENARIO_UNTIL = new Date("2026-03-02T12:00:00.000Z");
const NOW = new Date("2026-03-02T13:00:00.000Z");
const s0 = SCENARIO_SINCE.getTime() / 1000;
const s1 = SCENARIO_UNTIL.getTime() / 1000;
const iso = (epoch: number) => new Date(epoch * 1000).toISOString();
const TAGS = ["service:checkout", "env:prod", "team:payments"];

type Alert = ReturnType<typeof fakeAlert>;
type Annotation = ReturnType<typeof fakeAnnotation>;

/** The events an alert gives on a timeline, as `alertEvents` names them. */
function alertTruth(alert: Alert, env = "prod"): TruthEvent[] {
  const cid = alert._cid as string;
  const opened = alert._occurred_on as number;
  const cleared = alert._cleared_on as number | null;
  const base = { provider: "circonus", env };
  return [
    { ...base, id: `${cid}:opened`, kind: "alert-opened", start: iso(opened), ...(cleared === null ? {} : { end: iso(cleared) }) },
    ...(cleared === null ? [] : [{ ...base, id: `${cid}:cleared`, kind: "alert-cleared" as const, start: iso(cleared) }]),
  ];
}

const annotationTruth = (a: Annotation): TruthEvent => ({ provider: "circonus", id: a._cid as string, kind: "annotation", start: iso(a.start as number), env: "prod" });

/** `alerts` and `annotations` belong to the service (checkout in prod); `others` are served too but belong to no answer. */
function scenario(name: string, alerts: Alert[], annotations: Annotation[], others: Alert[] = []): EventsTruthScenario {
  return {
    name,
    keys: { service: "checkout", env: "prod" },
    since: SCENARIO_SINCE,
    until: SCENARIO_UNTIL,
    truth: [...alerts.flatMap((a) => alertTruth(a)), ...annotations.map(annotationTruth)],
    handlers: (baseUrl) => fakeCirconusApi(baseUrl, { alerts: [...alerts, ...others], annotations, now: NOW }).handlers,
    // Nothing fails in these scenarios: a right answer is also a complete one.
    complete: true,
  };
}

const marker = (n: number, start: number) =>
  fakeAnnotation(5000 + n, start, `Deployed #${n} by jdoe\nservice:checkout env:prod\n${deployMarker("circleci", `wf-${n}`)}`);

/** The scenarios, one per way the timeline has been wrong, plus the common case. */
export const circonusEventsScenarios: EventsTruthScenario[] = [
  scenario(
    "common case: alerts opened and cleared inside the window, one cleared before it, one after it opened later",
    [
      fakeAlert(4378611, s0 + 3600, null, TAGS),
      fakeAlert(4378555, s0 + 1800, s0 + 7200, TAGS),
      fakeAlert(4378400, s0 - 7200, s0 - 3600, TAGS), // cleared before the window: not on it
      fakeAlert(4378999, s1 + 600, null, TAGS), // opened after the window: not on it
    ],
    [marker(1, s0 + 1200)],
    [fakeAlert(4378998, s0 + 600, null, ["service:checkout", "env:staging"]), fakeAlert(4378997, s0 + 600, null, ["service:search", "env:prod"])],
  ),
  scenario("an alert that opened two days before the window and cleared inside it", [fakeAlert(4300001, s0 - 2 * DAY, s0 + 5400, TAGS)], []),
  scenario("an alert opened 45 days before the window, still open", [fakeAlert(4200001, s0 - 45 * DAY, null, TAGS)], []),
  scenario("an alert opened 80 days before the window, cleared inside it", [fakeAlert(4100001, s0 - 80 * DAY, s0 + 60, TAGS)], []),
  scenario(
    "400 deploy markers: the window's are among the newest, most are older",
    [],
    Array.from({ length: 400 }, (_, i) => marker(i, s0 - 400 * 3600 + i * 3600 + (i >= 396 ? 5 * 3600 : 0))),
  ),
  scenario("an alert whose _cid is not /alert/<digits> (the spec types it as a plain string)", [fakeAlert("/alert/abc", s0 + 60, null, TAGS)], []),
  scenario("an alert tagged in upper case (ENV:PROD), as an old bundle may be", [fakeAlert(4400001, s0 + 60, null, ["SERVICE:Checkout", "ENV:PROD"])], []),
];
