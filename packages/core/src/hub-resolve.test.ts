import { describe, expect, it } from "vitest";
import { createHub } from "./hub.js";
import { NetworkError } from "./errors.js";
import { Secret } from "./secret.js";
import { incompletePart } from "./incomplete-part.js";
import type { PageFocus, PageReader } from "./page-focus.js";
import type { EventsResult, ServiceEvent } from "./service-event.js";
import { stubConnector } from "./testing.js";
import type { CatalogService } from "./url-resolution.js";

const MIN = 60_000;
const NOW = Date.parse("2026-03-10T12:00:00.000Z");
const at = (minAgo: number) => new Date(NOW - minAgo * MIN).toISOString();

const services: CatalogService[] = [
  { name: "checkout", repo: "gh/acme/checkout", envs: ["staging", "prod"] },
  { name: "web-shop", repo: "gh/acme/mono", envs: ["prod"] },
  { name: "search", repo: "gh/acme/mono", envs: ["prod"] },
  { name: "billing", envs: ["prod"] },
];

const deploy = (id: string, minAgo: number, sha: string, env = "prod", extra: Partial<ServiceEvent> = {}): ServiceEvent => ({
  id,
  provider: "ci",
  kind: "deploy",
  start: at(minAgo),
  env,
  title: `deploy-checkout ${id} to ${env}`,
  url: `https://ci.example/workflows/${id}`,
  keys: { service: "checkout", env },
  commit: { sha, url: `https://github.com/acme/checkout/commit/${sha}` },
  ...extra,
});
const alert = (id: string, minAgo: number, extra: Partial<ServiceEvent> = {}): ServiceEvent => ({
  id: `/alert/${id}:opened`,
  provider: "mon",
  kind: "alert-opened",
  start: at(minAgo),
  env: "prod",
  title: `sev 1 alert: latency ${id}`,
  url: `https://acme.mon.example/fault-detection/alerts/${id}`,
  keys: { service: "checkout", env: "prod" },
  attributes: { alert: `/alert/${id}` },
  ...extra,
});

function focus(kind: PageFocus["kind"], id: string, keys: PageFocus["keys"], attributes: PageFocus["attributes"] = {}): PageFocus {
  return { provider: kind === "alert" ? "mon" : "ci", kind, id, label: `${kind} ${id}`, url: `https://x.example/${kind}/${id}`, keys, attributes };
}

/** A reader for `https://ci.example` and `https://mon.example` pages: the path says the focus. */
function reader(host: string, read: (path: string) => PageFocus | "unknown" | undefined): PageReader {
  return {
    origins: async () => [`https://${host}`],
    read: async (url) => {
      if (url.hostname !== host) return undefined;
      const f = read(url.pathname);
      if (f === undefined) return undefined;
      return f === "unknown" ? { ok: false, reason: `not a page I know: ${host} pages read are …` } : { ok: true, focus: f, incomplete: [] };
    },
  };
}

const ciEvents: ServiceEvent[] = [deploy("w1", 3 * 24 * 60, "aaaaaaa1111"), deploy("w2", 90, "bbbbbbb2222"), deploy("w3", 30, "ccccccc3333"), deploy("s1", 200, "ccccccc3333", "staging")];
const monEvents: ServiceEvent[] = [alert("7", 10), alert("8", 600, { end: at(500) })];

function hub(opts: { ci?: () => Promise<EventsResult>; mon?: () => Promise<EventsResult> } = {}) {
  return createHub({
    connectors: [
      stubConnector("ci", {
        pages: reader("ci.example", (p) => {
          const m = /^\/pipelines\/(\d+)$/.exec(p);
          if (m) return focus("pipeline", m[1]!, { repo: "gh/acme/checkout", service: "checkout", env: "prod" }, { pipelineNumber: Number(m[1]), at: at(35) });
          if (p === "/project/mono") return focus("project", "gh/acme/mono", { repo: "gh/acme/mono" }, { repoName: "mono" });
          return "unknown";
        }),
        events: opts.ci ?? (async () => ({ events: ciEvents, incomplete: [] })),
        latestBuild: async () => ({ build: { provider: "ci", id: "p9", label: "pipeline #9 on main", outcome: "failed", branch: "main", at: at(5), url: "https://ci.example/pipelines/9" }, incomplete: [] }),
      }),
      stubConnector("mon", {
        pages: reader("acme.mon.example", (p) => {
          const m = /^\/fault-detection\/alerts\/(\d+)$/.exec(p);
          return m ? focus("alert", m[1]!, { service: "checkout", env: "prod" }, { at: at(10), eventId: `/alert/${m[1]}` }) : "unknown";
        }),
        events: opts.mon ?? (async () => ({ events: monEvents, incomplete: [] })),
      }),
    ],
  });
}

describe("hub.resolve(url)", () => {
  it("names the catalog service of a GitHub commit page by its repo, keeping the focus", async () => {
    const r = await hub().resolve("https://github.com/acme/checkout/commit/ccccccc3333?diff=split#top", { services });
    expect(r).toMatchObject({ matched: true, service: "checkout", rule: "catalog-repo", url: "https://github.com/acme/checkout/commit/ccccccc3333", keys: { service: "checkout", repo: "gh/acme/checkout" } });
    expect(r.focus).toMatchObject({ provider: "github", kind: "commit", attributes: { sha: "ccccccc3333" } });
    expect(r.env).toBeUndefined();
  });

  it("uses the resource's own keys first, and its env", async () => {
    const r = await hub().resolve("https://ci.example/pipelines/12", { services });
    expect(r).toMatchObject({ matched: true, service: "checkout", rule: "resource-keys", env: "prod", keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" } });
  });

  it("says which services a shared repository could be, instead of guessing", async () => {
    const r = await hub().resolve("https://ci.example/project/mono", { services });
    expect(r.matched).toBe(false);
    expect(r.candidates).toEqual(["web-shop", "search"]);
    expect(r.reason).toMatch(/several catalog services are built from gh\/acme\/mono/);
  });

  it("falls back to the service named like the repository (GitLab has no CircleCI slug)", async () => {
    const r = await hub().resolve("https://gitlab.com/acme/payments/billing/-/merge_requests/4", { services });
    expect(r).toMatchObject({ matched: true, service: "billing", rule: "repo-name" });
  });

  it("says clearly why nothing matched: unknown host, unknown page, not in the catalog, not a URL", async () => {
    const h = hub();
    const host = await h.resolve("https://example.org/anything", { services });
    expect(host).toMatchObject({ matched: false });
    expect(host.reason).toMatch(/^not a page I know: example\.org is none of the sites toolweave reads \(.*https:\/\/github\.com.*CI at https:\/\/ci\.example.*MON at https:\/\/acme\.mon\.example\)/);
    expect((await h.resolve("https://ci.example/settings", { services })).reason).toMatch(/not a page I know/);
    const stranger = await h.resolve("https://github.com/acme/unknown-thing", { services });
    expect(stranger).toMatchObject({ matched: false, focus: { kind: "repository" } });
    expect(stranger.fix).toMatch(/"repo": "gh\/acme\/unknown-thing"/);
    expect(await h.resolve("not a url", { services })).toMatchObject({ matched: false, reason: "this is not a URL." });
    expect(await h.resolve("javascript:alert(1)", { services })).toMatchObject({ matched: false });
  });

  it("never names a service by its repository's name when the catalog gives it another repository (review of #26)", async () => {
    for (const url of ["https://github.com/someone-else/checkout", "https://github.com/someone-else/checkout/commit/ccccccc3333", "https://gitlab.com/mallory/checkout", "https://bitbucket.org/x/checkout"]) {
      const r = await hub().resolve(url, { services });
      expect(r.matched, url).toBe(false);
      expect(r.service).toBeUndefined();
    }
    expect(await hub().resolve("https://github.com:8443/acme/checkout", { services })).toMatchObject({ matched: false, reason: expect.stringMatching(/^not a page I know: github\.com:8443 is none/) });
    expect((await hub().resolve("https://github.com/someone-else/checkout", { services })).reason).toBe('catalog service "checkout" is built from gh/acme/checkout, not from this repository (gh/someone-else/checkout).');
  });

  it("when the lookup that names the service failed, says so instead of 'no service has it' (review of #26)", async () => {
    const h = createHub({
      connectors: [
        stubConnector("mon", {
          pages: {
            origins: async () => ["https://acme.mon.example"],
            read: async () => ({ ok: true, focus: focus("alert", "7", {}, {}), incomplete: [{ ...incompletePart("alert 7", new NetworkError("mon is down", { fix: "Check MON_URL." })) }] }),
          },
        }),
      ],
    });
    const r = await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services });
    expect(r).toMatchObject({ matched: false, reason: "the alert's service is unknown: looking it up failed (mon is down).", fix: "Check MON_URL." });
  });

  it("never echoes credentials or a query string", async () => {
    const r = await hub().resolve("https://user:hunter2secret@github.com/acme/checkout?token=abcdef123456", { services });
    expect(JSON.stringify(r)).not.toMatch(/hunter2|abcdef123456/);
  });
});

describe("hub.insights(resolution)", () => {
  it("on a commit page: open alerts with their suspects, whether the commit is live per env, last deploys, latest build", async () => {
    const h = hub();
    const r = await h.resolve("https://github.com/acme/checkout/commit/ccccccc3333", { services });
    const insights = await h.insights(r, { now: NOW });
    expect(insights.complete).toBe(true);
    const texts = insights.items.map((i) => `${i.topic}|${i.status}|${i.text}`);
    expect(texts).toEqual([
      "open-alerts|important|1 alert open now (it has a suspect deploy)",
      "commit-deployed|success|ccccccc is live in staging (deployed 3 h ago)",
      "commit-deployed|success|ccccccc is live in prod (deployed 30 min ago)",
      "last-deploy|none|staging: ccccccc deployed 3 h ago",
      "last-deploy|none|prod: ccccccc deployed 30 min ago",
      "latest-build|important|Latest build: pipeline #9 on main: failed (5 min ago)",
    ]);
    expect(insights.items[0]!.links).toEqual([{ text: "prod: sev 1 alert: latency 7", url: "https://acme.mon.example/fault-detection/alerts/7", status: "important" }]);
  });

  it("on an alert page: the suspect with its workflow and commit links, and the deploy to roll back to", async () => {
    const h = hub();
    const r = await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services });
    const insights = await h.insights(r, { now: NOW });
    expect(insights.items.map((i) => `${i.topic}|${i.text}`)).toEqual(["suspect|Suspect: ccccccc deployed to prod 20 min before this alert opened", "rollback-target|Roll back to bbbbbbb (live in prod from 2026-03-10 10:30 UTC)"]);
    expect(insights.items[0]!.links!.map((l) => l.url)).toEqual(["https://ci.example/workflows/w3", "https://github.com/acme/checkout/commit/ccccccc3333"]);
  });

  it("gives the structured answer behind an alert page's lines: the alert, its suspect links and the suspect deploys (subject)", async () => {
    const h = hub();
    const insights = await h.insights(await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services }), { now: NOW });
    expect(insights.subject!.events.map((e) => `${e.kind}:${e.id}`)).toEqual(["alert-opened:/alert/7:opened"]);
    expect(insights.subject!.suspects.map((s) => `${s.alertId}<-${s.deployId}:${s.gapMs}`)).toEqual(["/alert/7:opened<-w3:1200000"]);
    expect(insights.subject!.related.map((e) => `${e.kind}:${e.id}`)).toEqual(["deploy:w3"]);
    // A deploy page: its deploys, and the alerts it is a suspect of.
    const ci = hub({ ci: async () => ({ events: ciEvents.map((e) => ({ ...e, attributes: { pipelineNumber: e.id === "w3" ? 12 : 1 } })), incomplete: [] }) });
    const page = await ci.insights(await ci.resolve("https://ci.example/pipelines/12", { services }), { now: NOW });
    expect(page.subject!.events.map((e) => e.id)).toEqual(["w3"]);
    expect(page.subject!.related.map((e) => e.id)).toEqual(["/alert/7:opened"]);
    // A repository page has no subject.
    const repo = await h.insights(await h.resolve("https://github.com/acme/checkout", { services }), { now: NOW });
    expect(repo.subject).toBeUndefined();
  });

  it("on an alert page whose suspect was already rolled back: says so", async () => {
    const h = hub({ ci: async () => ({ events: [...ciEvents, deploy("w4", 5, "bbbbbbb2222")], incomplete: [] }) });
    const insights = await h.insights(await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services }), { now: NOW });
    expect(insights.items.map((i) => `${i.topic}|${i.status}|${i.text}`)).toEqual([
      "suspect|important|Suspect: ccccccc deployed to prod 20 min before this alert opened",
      "rollback-target|success|Rolled back: bbbbbbb went live in prod again at 2026-03-10 11:55 UTC",
    ]);
  });

  it("on a repository page with open alerts and no deploy before them: says none has a suspect", async () => {
    const h = hub({ ci: async () => ({ events: [deploy("w1", 3 * 24 * 60, "aaaaaaa1111")], incomplete: [] }) });
    const insights = await h.insights(await h.resolve("https://github.com/acme/checkout", { services }), { now: NOW });
    expect(insights.items[0]).toMatchObject({ topic: "open-alerts", status: "important", text: "1 alert open now (no suspect deploy)" });
  });

  it("never advises rolling back to a suspect: two suspects, the later one a rollback (review of #26)", async () => {
    // w3 (ccccccc) went live 48 min before the alert; a rollback to bbbbbbb 13 min before it.
    const events = [deploy("w1", 3 * 24 * 60, "aaaaaaa1111"), deploy("w2", 200, "bbbbbbb2222"), deploy("w3", 58, "ccccccc3333"), deploy("w4", 23, "bbbbbbb2222")];
    const h = hub({ ci: async () => ({ events, incomplete: [] }) });
    const insights = await h.insights(await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services }), { now: NOW });
    expect(insights.items.map((i) => `${i.topic}|${i.status}|${i.text}`)).toEqual([
      "suspect|important|Suspect: bbbbbbb deployed to prod 13 min before this alert opened",
      "suspect|important|Suspect: ccccccc deployed to prod 48 min before this alert opened",
      // bbbbbbb went live 13 min before the alert (a suspect too): the target is the commit before both.
      "rollback-target|relevant|Roll back to aaaaaaa (live in prod from 2026-03-07 12:00 UTC)",
    ]);
  });

  it("says what is live since the alert: back on the target, on a commit no suspect shipped, or still a suspect's (second review of #26)", async () => {
    const lines = async (events: ServiceEvent[]) => {
      const h = hub({ ci: async () => ({ events, incomplete: [] }) });
      const insights = await h.insights(await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services }), { now: NOW });
      return insights.items.filter((i) => i.topic === "rollback-target").map((i) => `${i.status}|${i.text}`);
    };
    const base = [deploy("w1", 3 * 24 * 60, "aaaaaaa1111"), deploy("w2", 200, "bbbbbbb2222"), deploy("w3", 30, "ccccccc3333")];
    // After the alert (10 min ago) the env went back to bbbbbbb: rolled back.
    expect(await lines([...base, deploy("w4", 5, "bbbbbbb2222")])).toEqual(["success|Rolled back: bbbbbbb went live in prod again at 2026-03-10 11:55 UTC"]);
    // After the alert an older commit no suspect shipped went live: no suspect's commit is live.
    expect(await lines([...base, deploy("w4", 5, "aaaaaaa1111")])).toEqual(["success|Since this alert, aaaaaaa went live in prod (2026-03-10 11:55 UTC): no suspect's commit is live now"]);
    // The bad commit was deployed again after the alert: still roll back.
    expect(await lines([...base, deploy("w4", 5, "ccccccc3333")])).toEqual(["relevant|Roll back to bbbbbbb (live in prod from 2026-03-10 08:40 UTC)"]);
  });

  it("an alert that names no env: says no deploy can be matched, never 'nothing was deployed' (review of #26)", async () => {
    const h = hub({ mon: async () => ({ events: [alert("7", 10, { env: undefined, keys: { service: "checkout" } })], incomplete: [] }) });
    const r = await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services });
    const insights = await h.insights(r, { now: NOW });
    expect(insights.items.map((i) => `${i.topic}|${i.status}|${i.text}`)).toEqual(["no-suspect|relevant|This alert names no env (no env: tag), so no deploy can be matched to it as a suspect"]);
  });

  it("masks a secret in tool data before cutting a tooltip, and strips terminal escapes (review of #26)", async () => {
    const token = new Secret("CCIPAT_Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz_0a1b2c3d4e5f");
    const title = `sev 1 alert: ${"x".repeat(420)} ${token.reveal()} \u001b[2J\u202E`;
    const h = hub({ mon: async () => ({ events: [alert("7", 10, { title })], incomplete: [] }) });
    const insights = await h.insights(await h.resolve("https://github.com/acme/checkout", { services }), { now: NOW });
    const shown = JSON.stringify(insights.items);
    expect(shown).not.toContain(token.reveal().slice(0, 12));
    expect(shown).not.toMatch(/\\u001b|\u202e/i);
    for (const i of insights.items) expect(i.text.length).toBeLessThanOrEqual(300);
  });

  it("one outage that cut several lookups is one line saying how many (review of #26)", async () => {
    // The messages name the operation (as the HTTP client's do); kind and status say it is one outage.
    const part = (lookup: string) => incompletePart(lookup, new NetworkError(`mon: ${lookup.replace(/ /g, "_")} failed: unreachable`, { fix: "Check MON_URL." }));
    const h = hub({ mon: async () => ({ events: [], incomplete: ["active alerts 1", "active alerts 2", "cleared alerts 1"].map(part) }) });
    const insights = await h.insights(await h.resolve("https://github.com/acme/checkout", { services }), { now: NOW });
    expect(insights.incomplete).toHaveLength(3);
    expect(insights.items.filter((i) => i.topic === "incomplete").map((i) => i.text)).toEqual(["Not read: active alerts 1 and 2 more lookups (mon: active_alerts_1 failed: unreachable) Fix: Check MON_URL."]);
  });

  it("a pipeline with two deploys (a rerun) tells its lines apart (review of #26)", async () => {
    const events = [deploy("w3", 30, "ccccccc3333", "prod", { attributes: { pipelineNumber: 12 } }), deploy("w5", 20, "ccccccc3333", "prod", { attributes: { pipelineNumber: 12 } })];
    const h = hub({ ci: async () => ({ events, incomplete: [] }), mon: async () => ({ events: [], incomplete: [] }) });
    const insights = await h.insights(await h.resolve("https://ci.example/pipelines/12", { services }), { now: NOW });
    const texts = insights.items.map((i) => i.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts[0]).toMatch(/^2026-03-10 \d\d:\d\d UTC, deploy-checkout w\d to prod: No alert opened in prod so far/);
  });

  it("on an alert page with no deploy before it: says there is no suspect (the SRE's first question)", async () => {
    const h = hub({ ci: async () => ({ events: [deploy("w1", 3 * 24 * 60, "aaaaaaa1111")], incomplete: [] }) });
    const r = await h.resolve("https://acme.mon.example/fault-detection/alerts/7", { services });
    const insights = await h.insights(r, { now: NOW });
    expect(insights.items.map((i) => `${i.topic}|${i.status}|${i.text}`)).toEqual(["no-suspect|none|No suspect deploy: nothing was deployed to prod in the 60 min before this alert opened"]);
  });

  it("on a deploy pipeline's page: the alerts that opened after it went live", async () => {
    const h = hub({ ci: async () => ({ events: ciEvents.map((e) => ({ ...e, attributes: { pipelineNumber: e.id === "w3" ? 12 : 1 } })), incomplete: [] }) });
    const r = await h.resolve("https://ci.example/pipelines/12", { services });
    const insights = await h.insights(r, { now: NOW });
    expect(insights.items.map((i) => `${i.topic}|${i.status}|${i.text}`)).toEqual(["alerts-after-deploy|important|1 alert opened in prod within 60 min after this deploy went live: it is a suspect"]);
  });

  it("keeps a failed part visible and never says 'all clear' when monitoring could not be read", async () => {
    const h = hub({
      mon: async () => {
        throw new NetworkError("mon is unreachable", { fix: "Check MON_URL." });
      },
    });
    const r = await h.resolve("https://github.com/acme/checkout", { services });
    const insights = await h.insights(r, { now: NOW });
    expect(insights.complete).toBe(false);
    expect(insights.items[0]).toMatchObject({ topic: "open-alerts", status: "relevant", text: "No open alert found, but the answer is incomplete (see below)" });
    expect(insights.items.at(-1)).toMatchObject({ topic: "incomplete", status: "important", text: expect.stringMatching(/^Not read: events from MON \(mon is unreachable\) Fix: Check MON_URL\.$/) });
  });

  it("lists a reader's failed lookup, and a page that matched nothing is one line with the reason", async () => {
    const h = hub();
    const unknown = await h.insights(await h.resolve("https://example.org/x", { services }), { now: NOW });
    expect(unknown.items).toHaveLength(1);
    expect(unknown.items[0]).toMatchObject({ topic: "not-matched", text: expect.stringMatching(/^toolweave: not a page I know/) });
    expect(unknown.complete).toBe(false);

    const part = { ...incompletePart("the pipeline #12 of gh/acme/checkout", new NetworkError("down", { fix: "Retry." })), provider: "ci" };
    const insights = await h.insights({ url: "https://ci.example/pipelines/12", matched: true, focus: focus("pipeline", "12", { repo: "gh/acme/checkout" }), service: "checkout", keys: { service: "checkout", repo: "gh/acme/checkout" }, incomplete: [part] }, { now: NOW });
    expect(insights.items.at(-1)).toMatchObject({ topic: "incomplete", text: expect.stringMatching(/^Not read: the pipeline #12/) });
  });

  it("cancels: the caller's abort rejects", async () => {
    const h = hub({ ci: (async (_k: unknown, o: { signal?: AbortSignal }) => new Promise((_r, reject) => o.signal?.addEventListener("abort", () => reject(o.signal!.reason)))) as never });
    const r = await h.resolve("https://github.com/acme/checkout", { services });
    const controller = new AbortController();
    const pending = h.insights(r, { now: NOW, signal: controller.signal });
    controller.abort(new Error("went away"));
    await expect(pending).rejects.toThrow();
  });
});
