import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Secret, type Insight, type PageInsights, type TimelineIncompletePart, type UrlResolution } from "@toolweave/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createToolJumpRoutes, type ToolJumpRoutesOptions } from "./create-tooljump-routes.js";
import {
  ConfigResponseSchema,
  ContextResponseSchema,
  CustomDomainsResponseSchema,
  ErrorSchema,
  InvalidBodySchema,
  KNOWN_ICONS,
  MAX_BODY_BYTES,
  RateLimitedSchema,
  type ContextResponse,
  type ToolJumpResult,
} from "./protocol.js";

// ToolJump's extension against the routes, over real loopback HTTP: the contexts are shaped as
// the extension sends them (https://github.com/tooljump/tooljump, extension/src/adapters), and
// every response is checked against the protocol's schemas (protocol.ts).

/** A token this process holds, copied into the tools' data (a commit message, an alert link). */
const LEAKED = new Secret("CCIPAT_contract1leak2secret3value4ab", { label: "CIRCLECI_TOKEN" });
const SERVE_TOKEN = new Secret("tj-serve-0123456789-abcdefABCDEF", { label: "TOOLWEAVE_SERVE_TOKEN" });
const SHA = "b7c1e0f4a2d94c3e8f1a6b5c4d3e2f1a0b9c8d7e";
const CIRCLECI = "https://app.circleci.com";
const CIRCONUS = "https://acme.circonus.com";
const CIRCLECI_SERVER = "https://circleci.acme.example:8443";
const PIPELINE_URL = `${CIRCLECI}/pipelines/github/acme/checkout/1043`;
const WORKFLOW_URL = `${PIPELINE_URL}/workflows/wf-prod-2`;
const ALERT_URL = `${CIRCONUS}/fault-detection?alert_id=9001`;
const LONG_TOOLTIP = `Deployed by alice from ${SHA}. ${"The change retries payment calls with backoff. ".repeat(20)}`;

// --- ToolJump-shaped contexts (as its GitHub collectors and generic adapter build them) ---

const user = { user: "alice" };
const CONTEXTS = {
  repository: { type: "github", url: "https://github.com/acme/checkout", global: user, page: { name: "repository", repository: "acme/checkout", section: { name: "code", resource: "", hash: "main" } } },
  commit: { type: "github", url: `https://github.com/acme/checkout/commit/${SHA}`, global: user, page: { name: "repository", repository: "acme/checkout", section: { name: "commit", resource: "", hash: SHA } } },
  pullRequest: { type: "github", url: "https://github.com/acme/checkout/pull/42", global: user, page: { name: "repository", repository: "acme/checkout", section: { name: "pulls", pull: "42", subsection: "conversation" } } },
  // The extension sends an Actions run's id as `workflow` (and no `run`) for /actions/runs/<run>/job/<job>.
  actionsRun: { type: "github", url: "https://github.com/acme/checkout/actions/runs/7001/job/8002", global: user, page: { name: "repository", repository: "acme/checkout", section: { name: "actions", workflow: "7001", job: "8002" } } },
  unknownRepo: { type: "github", url: "https://github.com/acme/playground", global: user, page: { name: "repository", repository: "acme/playground", section: { name: "code", resource: "", hash: "main" } } },
  profile: { type: "github", url: "https://github.com/acme", page: { username: "acme", isOrg: "true" } },
  circleciPipeline: { type: "generic", url: PIPELINE_URL },
  circonusAlert: { type: "generic", url: `${CIRCONUS}/fault-detection?alert_id=9001` },
} as const;

// --- the fake hub: realistic answers, with incomplete parts, a page matched to nothing and a leaked secret ---

const checkoutKeys = { service: "checkout", repo: "gh/acme/checkout" };

function resolution(url: string, extra: Partial<UrlResolution>): UrlResolution {
  return { url: url.split(/[?#]/)[0]!, matched: true, service: "checkout", rule: "catalog-repo", keys: checkoutKeys, incomplete: [], ...extra };
}

function insights(url: string, items: Insight[], extra: { resolution?: Partial<UrlResolution>; incomplete?: TimelineIncompletePart[] } = {}): PageInsights {
  const incomplete = extra.incomplete ?? [];
  const res = resolution(url, extra.resolution ?? {});
  return { resolution: res, since: "2026-11-24T12:00:00.000Z", until: "2026-11-25T12:00:00.000Z", items, incomplete, complete: incomplete.length === 0 && res.matched };
}

const circonus429: TimelineIncompletePart = {
  provider: "circonus",
  lookup: "alerts of checkout in prod",
  error: { kind: "rate_limited", message: "Circonus answered 429 Too Many Requests.", fix: "Run again in a minute.", status: 429, isRetryable: true },
  retryable: true,
};

const deployed: Insight = {
  topic: "commit-deployed",
  status: "success",
  text: `prod: ${SHA.slice(0, 7)} is live (deployed 3 h ago)`,
  url: WORKFLOW_URL,
  tooltip: LONG_TOOLTIP,
  provider: "circleci",
  env: "prod",
};
const latestBuild: Insight = { topic: "latest-build", status: "relevant", text: "main: pipeline #1045 on hold", url: `${CIRCLECI}/pipelines/github/acme/checkout/1045`, provider: "circleci" };
const openAlerts: Insight = {
  topic: "open-alerts",
  status: "important",
  text: "2 alerts open in prod",
  url: `${CIRCONUS}/fault-detection`,
  provider: "circonus",
  env: "prod",
  links: [
    // The alert's link carries a token (as some do): it is masked, never served.
    { text: "S1 checkout p99 latency", url: `${ALERT_URL}&token=${LEAKED.reveal()}`, status: "important", tooltip: "  " },
    { text: "S3 checkout error rate", url: `${CIRCONUS}/fault-detection?alert_id=9002`, status: "relevant" },
    { text: "a script", url: "javascript:alert(document.cookie)" },
  ],
};
const incompleteLine: Insight = { topic: "incomplete", status: "important", text: "Circonus: alerts of checkout in prod could not be read (429). Run again in a minute.", provider: "circonus", tooltip: "Circonus answered 429 Too Many Requests." };

/** What the fake hub answers, by page URL. */
function fakeAnswer(url: string): PageInsights {
  switch (url) {
    case CONTEXTS.repository.url:
      return insights(url, [openAlerts, { topic: "last-deploy", status: "none", text: "staging: deployed 5 h ago", url: `${CIRCLECI}/pipelines/github/acme/checkout/1040/workflows/wf-staging-1`, provider: "circleci", env: "staging" }, latestBuild]);
    case CONTEXTS.commit.url:
      return insights(url, [deployed, { ...openAlerts, topic: "alerts-after-deploy" }, incompleteLine, { topic: "last-deploy", status: "none", text: `deployed by alice: ${LEAKED.reveal()}`, provider: "circleci" }], {
        resolution: { focus: { provider: "github", kind: "commit", id: SHA, label: `commit ${SHA.slice(0, 7)} of acme/checkout`, url, keys: { repo: "gh/acme/checkout" }, attributes: { sha: SHA, repoName: "checkout" } } },
        incomplete: [circonus429],
      });
    case CONTEXTS.pullRequest.url:
      return insights(url, [{ topic: "commit-deployed", status: "relevant", text: "prod: the head commit is not deployed yet", provider: "circleci", env: "prod" }, latestBuild]);
    case CONTEXTS.actionsRun.url:
      // An incomplete part without its line: still shown.
      return insights(url, [latestBuild], { incomplete: [circonus429] });
    case CONTEXTS.unknownRepo.url:
      return insights(url, [{ topic: "not-matched", status: "none", text: "toolweave: acme/playground is not in the catalog.", tooltip: "Add it as a service's repo in the catalog." }], {
        resolution: { matched: false, service: undefined, rule: undefined, keys: undefined, reason: "acme/playground is not in the catalog.", fix: "Add it as a service's repo in the catalog." },
      });
    case CONTEXTS.profile.url:
      // Not matched, and the hub sent no line for it: the routes say why.
      return insights(url, [], { resolution: { matched: false, service: undefined, rule: undefined, keys: undefined, reason: "https://github.com/acme is not a repository page.", fix: "Open a repository, commit, pull request or Actions run." } });
    case CONTEXTS.circleciPipeline.url:
      return insights(url, [
        { topic: "suspect", status: "important", text: "pipeline #1043 went live 12 min before S1 checkout p99 latency", url: ALERT_URL, provider: "circonus", links: [{ text: "S1 checkout p99 latency", url: ALERT_URL }, { text: `commit ${SHA.slice(0, 7)}`, url: `https://github.com/acme/checkout/commit/${SHA}` }] },
        latestBuild,
      ], { resolution: { rule: "resource-keys", env: "prod", keys: { ...checkoutKeys, env: "prod" } } });
    case CONTEXTS.circonusAlert.url:
      return insights(url, [
        { topic: "suspect", status: "important", text: "suspect: pipeline #1043 (prod) went live 12 min before", url: WORKFLOW_URL, provider: "circleci", links: [{ text: "deploy workflow", url: WORKFLOW_URL }, { text: `commit ${SHA.slice(0, 7)}`, url: `https://github.com/acme/checkout/commit/${SHA}` }] },
        { topic: "rollback-target", status: "relevant", text: "roll back to pipeline #1041", url: `${CIRCLECI}/pipelines/github/acme/checkout/1041`, provider: "circleci" },
        { topic: "open-alerts", status: "important", text: "1 more alert open in prod", provider: "circonus" },
      ], { resolution: { rule: "resource-keys", env: "prod", keys: { ...checkoutKeys, env: "prod" } } });
    default:
      throw new Error(`the fake hub has no page ${url}`);
  }
}

const PAGE_ORIGINS = [CIRCLECI, `${CIRCONUS}/`, CIRCLECI_SERVER, "javascript:alert(1)", "http://circonus.lab.example"];

// --- the server and a client that validates every response ---

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** Every body served in this file, to check none carries the secret. */
const served: string[] = [];

function schemaFor(path: string, method: string, status: number): z.ZodType | undefined {
  if (method === "OPTIONS" || method === "HEAD" || !["/context", "//context", "/config", "/custom-domains"].includes(path)) return undefined;
  if (status === 400 || status === 413) return InvalidBodySchema;
  if (status === 429) return RateLimitedSchema;
  if (status !== 200) return ErrorSchema;
  if (path.endsWith("/context")) return ContextResponseSchema;
  if (path === "/config") return ConfigResponseSchema;
  if (path === "/custom-domains") return CustomDomainsResponseSchema;
  return undefined;
}

interface Mounted {
  base: string;
  calls: { url: string; signal: AbortSignal }[];
  advance(ms: number): void;
  close(): Promise<void>;
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[]; localAddress?: string }): Promise<Reply>;
}

async function mount(options: Partial<ToolJumpRoutesOptions> = {}): Promise<Mounted> {
  let now = Date.parse("2026-11-25T12:00:00Z");
  const calls: Mounted["calls"] = [];
  const routes = createToolJumpRoutes({
    answer: async (url, signal) => {
      calls.push({ url, signal });
      return fakeAnswer(url);
    },
    origins: async () => PAGE_ORIGINS,
    clock: () => now,
    ...options,
  });
  const server = createServer((req, res) => {
    routes.handle(req, res, new URL(req.url ?? "/", "http://127.0.0.1")).then(
      (handled) => {
        if (!handled) res.writeHead(404).end("not a ToolJump route");
      },
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: Mounted["call"] = (path, init = {}) =>
    new Promise((resolve, reject) => {
      const method = init.method ?? (init.body === undefined ? "GET" : "POST");
      const req = request(`${base}${path}`, { method, headers: init.headers ?? {}, agent: false, ...(init.localAddress ? { localAddress: init.localAddress } : {}) }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          served.push(text);
          const status = res.statusCode!;
          const json = text && res.headers["content-type"]?.startsWith("application/json") ? (JSON.parse(text) as unknown) : undefined;
          const schema = schemaFor(path, method, status);
          if (schema) {
            const checked = schema.safeParse(json);
            if (!checked.success) return reject(new Error(`${method} ${path} → ${status} does not follow the protocol: ${checked.error.message}\n${text}`));
          } else if (method === "OPTIONS" && text !== "") {
            return reject(new Error(`a preflight has no body (got ${text})`));
          }
          resolve({ status, headers: res.headers, text, json });
        });
      });
      req.on("error", reject);
      for (const chunk of Array.isArray(init.body) ? init.body : init.body === undefined ? [] : [init.body]) req.write(chunk);
      req.end();
    });
  return {
    base,
    calls,
    advance: (ms) => (now += ms),
    call,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const JSON_TYPE = { "content-type": "application/json" };
const post = (m: Mounted, context: unknown, headers: Record<string, string> = {}) => m.call("/context", { body: JSON.stringify(context), headers: { ...JSON_TYPE, ...headers } });
const contextOf = (reply: Reply) => {
  expect(reply.status, reply.text).toBe(200);
  return reply.json as ContextResponse;
};
const hrefs = (results: ToolJumpResult[]) => results.flatMap((r) => [...(r.type === "link" ? [r.href] : []), ...(r.type === "dropdown" ? r.items.map((i) => i.href) : [])]);

describe("POST /context with ToolJump's contexts", () => {
  let m: Mounted;
  beforeAll(async () => (m = await mount()));
  afterAll(() => m.close());

  it("answers a GitHub commit page: a link per line, a dropdown of alerts, the incomplete part as important, no unsafe link", async () => {
    const body = contextOf(await post(m, CONTEXTS.commit));
    expect(m.calls.at(-1)!.url).toBe(CONTEXTS.commit.url);
    expect(body).toMatchObject({ count: body.data.length, cacheHits: 0, failedCount: 1, integrationNames: ["circleci", "circonus"] });
    const [deploy, alerts, incomplete, leaked] = body.data;
    expect(deploy).toMatchObject({ type: "link", content: `prod: ${SHA.slice(0, 7)} is live (deployed 3 h ago)`, href: WORKFLOW_URL, status: "success", icon: "circleci" });
    // The tooltip is cut to at most 500 characters, with an ellipsis.
    expect(deploy!.tooltip!.length).toBeGreaterThan(490);
    expect(deploy!.tooltip!.length).toBeLessThanOrEqual(500);
    expect(deploy!.tooltip!.endsWith("…")).toBe(true);
    expect(LONG_TOOLTIP.startsWith(deploy!.tooltip!.slice(0, -1))).toBe(true);
    expect(alerts).toMatchObject({ type: "dropdown", content: "2 alerts open in prod", status: "important" });
    // Circonus has no icon in the extension: none is sent (an unknown name is a broken image).
    expect(alerts).not.toHaveProperty("icon");
    const items = alerts!.type === "dropdown" ? alerts!.items : [];
    expect(items.map((i) => i.content)).toEqual(["2 alerts open in prod", "S1 checkout p99 latency", "S3 checkout error rate"]);
    expect(items[0]!.href).toBe(`${CIRCONUS}/fault-detection`);
    // A blank tooltip is left out, never sent empty.
    expect(items[1]).not.toHaveProperty("tooltip");
    expect(incomplete).toEqual({ type: "text", content: "Circonus: alerts of checkout in prod could not be read (429). Run again in a minute.", status: "important", tooltip: "Circonus answered 429 Too Many Requests." });
    expect(leaked).toMatchObject({ type: "text", content: `deployed by alice: ${LEAKED.masked}` });
    for (const href of hrefs(body.data)) expect(href).toMatch(/^https?:\/\//);
  });

  it("answers repository, pull request and Actions run pages", async () => {
    const repo = contextOf(await post(m, CONTEXTS.repository));
    expect(repo.data.map((r) => [r.type, r.content])).toEqual([
      ["dropdown", "2 alerts open in prod"],
      ["link", "staging: deployed 5 h ago"],
      ["link", "main: pipeline #1045 on hold"],
    ]);
    expect(repo).toMatchObject({ failedCount: 0, integrationNames: ["circonus", "circleci"] });

    const pull = contextOf(await post(m, CONTEXTS.pullRequest));
    expect(pull.data[0]).toEqual({ type: "text", content: "prod: the head commit is not deployed yet", status: "relevant", icon: "circleci" });

    // The run id arrives as page.section.workflow: the routes read the URL, not the page fields.
    const run = contextOf(await post(m, CONTEXTS.actionsRun));
    expect(m.calls.at(-1)!.url).toBe("https://github.com/acme/checkout/actions/runs/7001/job/8002");
    expect(run.failedCount).toBe(1);
    expect(run.data.at(-1)).toMatchObject({ type: "text", status: "important", content: "circonus: could not read alerts of checkout in prod. Run again in a minute." });
  });

  it("says why when the page is tied to no service, once", async () => {
    const unknown = contextOf(await post(m, CONTEXTS.unknownRepo));
    expect(unknown.data).toEqual([{ type: "text", content: "toolweave: acme/playground is not in the catalog.", status: "none", tooltip: "Add it as a service's repo in the catalog." }]);
    expect(unknown).toMatchObject({ count: 1, failedCount: 0, integrationNames: [] });
    const profile = contextOf(await post(m, CONTEXTS.profile));
    expect(profile.data).toEqual([{ type: "text", content: "toolweave: https://github.com/acme is not a repository page.", status: "none", tooltip: "Open a repository, commit, pull request or Actions run." }]);
  });

  it("answers generic contexts from the CircleCI and Circonus web apps", async () => {
    const pipeline = contextOf(await post(m, CONTEXTS.circleciPipeline, { origin: CIRCLECI }));
    expect(pipeline.data[0]).toMatchObject({ type: "dropdown", status: "important" });
    expect(pipeline.data[0]).not.toHaveProperty("icon");
    const alert = contextOf(await post(m, CONTEXTS.circonusAlert, { origin: CIRCONUS }));
    expect(alert.data.map((r) => [r.type, r.icon])).toEqual([
      ["dropdown", "circleci"],
      ["link", "circleci"],
      ["text", undefined],
    ]);
    expect(alert.integrationNames).toEqual(["circleci", "circonus"]);
    for (const r of [...pipeline.data, ...alert.data]) if (r.icon) expect(KNOWN_ICONS).toContain(r.icon);
  });

  it("answers a failing hub with one important line, and an extension host set with a trailing slash", async () => {
    const failing = await mount({ answer: async () => Promise.reject(new Error(`lookup failed with ${LEAKED.reveal()}`)) });
    try {
      const body = contextOf(await failing.call("//context", { body: JSON.stringify(CONTEXTS.commit), headers: JSON_TYPE }));
      expect(body).toMatchObject({ count: 1, failedCount: 1, data: [{ type: "text", status: "important", content: `toolweave could not answer for this page: lookup failed with ${LEAKED.masked}` }] });
    } finally {
      await failing.close();
    }
  });

  it("refuses what is not a context with 400 and the reason, before asking the hub", async () => {
    const before = m.calls.length;
    const cases: [string | Buffer, Record<string, string>, { path: string; message: RegExp }][] = [
      ["{not json", JSON_TYPE, { path: "", message: /not valid JSON/ }],
      [JSON.stringify(CONTEXTS.commit), { "content-type": "text/plain" }, { path: "", message: /Content-Type: application\/json/ }],
      [JSON.stringify([CONTEXTS.commit]), JSON_TYPE, { path: "", message: /JSON object/ }],
      [JSON.stringify({ type: "github" }), JSON_TYPE, { path: "url", message: /url is required/ }],
      [JSON.stringify({ type: "github", url: "not a url" }), JSON_TYPE, { path: "url", message: /http or https URL/ }],
      [JSON.stringify({ type: "github", url: "javascript:alert(1)" }), JSON_TYPE, { path: "url", message: /http or https URL/ }],
      [JSON.stringify({ type: "gitlab", url: "https://gitlab.com/acme/checkout" }), JSON_TYPE, { path: "type", message: /type must be one of github, aws, generic/ }],
      [JSON.stringify({ url: "https://github.com/acme/checkout" }), JSON_TYPE, { path: "type", message: /type must be one of/ }],
    ];
    for (const [body, headers, detail] of cases) {
      const r = await m.call("/context", { body, headers });
      expect(r.status, String(body)).toBe(400);
      expect(r.json).toMatchObject({ error: "Invalid request body", details: expect.arrayContaining([{ path: detail.path, message: expect.stringMatching(detail.message) }]) });
    }
    expect(m.calls.length).toBe(before);
  });

  it("takes values nested 10 levels and a 100 kB body, refuses deeper (400) and larger (413, with or without Content-Length)", async () => {
    const nest = (levels: number): unknown => (levels === 0 ? "leaf" : { level: nest(levels - 1) });
    expect((await post(m, { ...CONTEXTS.commit, deep: nest(10) })).status).toBe(200);
    const deep = await post(m, { ...CONTEXTS.commit, deep: nest(11) });
    expect(deep.status).toBe(400);
    expect((deep.json as z.infer<typeof InvalidBodySchema>).details).toEqual([{ path: `deep${".level".repeat(10)}`, message: "Nested deeper than 10 levels." }]);
    // Deeper than any recursion could go: refused, the server still up.
    expect((await m.call("/context", { body: `${"[".repeat(50_000)}${"]".repeat(50_000)}`, headers: JSON_TYPE })).status).toBe(400);

    const padded = (bytes: number) => {
      const head = JSON.stringify({ ...CONTEXTS.commit, padding: "" });
      return `${head.slice(0, -2)}${"x".repeat(bytes - head.length)}"}`;
    };
    expect(Buffer.byteLength(padded(MAX_BODY_BYTES))).toBe(MAX_BODY_BYTES);
    expect((await m.call("/context", { body: padded(MAX_BODY_BYTES), headers: JSON_TYPE })).status).toBe(200);
    const large = await m.call("/context", { body: padded(MAX_BODY_BYTES + 1), headers: JSON_TYPE });
    expect(large.status).toBe(413);
    expect(large.json).toMatchObject({ details: [{ path: "", message: "The context is larger than 100 kB; send a smaller one." }] });
    // Chunked, so only the bytes read tell.
    const chunks = Array.from({ length: 30 }, () => Buffer.alloc(8 * 1024, 0x20));
    expect((await m.call("/context", { body: chunks, headers: JSON_TYPE })).status).toBe(413);
  });

  it("answers only POST (and preflights) on /context", async () => {
    const r = await m.call("/context", { method: "GET" });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("POST, OPTIONS");
    expect((await m.call("/elsewhere")).text).toBe("not a ToolJump route");
  });

  it("cancels the hub's work when the client goes away", async () => {
    let started!: (signal: AbortSignal) => void;
    const running = new Promise<AbortSignal>((resolve) => (started = resolve));
    const slow = await mount({
      answer: (_url, signal) => {
        started(signal);
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
      },
    });
    try {
      const req = request(`${slow.base}/context`, { method: "POST", headers: JSON_TYPE, agent: false });
      req.on("error", () => {});
      req.end(JSON.stringify(CONTEXTS.commit));
      const signal = await running;
      expect(signal.aborted).toBe(false);
      const aborted = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      req.destroy();
      await aborted;
      expect(signal.aborted).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe("an answer the tools are too slow to give (review of #26: a 429 storm kept one answer waiting for minutes)", () => {
  it("past answerTimeoutMs: the calls are cancelled and the bar gets one important line saying so", async () => {
    let signal: AbortSignal | undefined;
    const slow = await mount({
      answerTimeoutMs: 5,
      answer: (_url, s) => {
        signal = s;
        return new Promise((_, reject) => s.addEventListener("abort", () => reject(s.reason), { once: true }));
      },
    });
    try {
      const r = await slow.call("/context", { headers: JSON_TYPE, body: JSON.stringify(CONTEXTS.commit) });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ count: 1, failedCount: 1, data: [{ type: "text", status: "important", content: expect.stringMatching(/^toolweave: the tools did not answer within 1 s \(slow, or rate limited\)/) }] });
      expect(signal?.aborted).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it("a body with a UTF-8 byte order mark is read, as body parsers do", async () => {
    const m = await mount();
    try {
      const r = await m.call("/context", { headers: JSON_TYPE, body: `\uFEFF${JSON.stringify(CONTEXTS.commit)}` });
      expect(r.status).toBe(200);
    } finally {
      await m.close();
    }
  });
});

describe("a bearer token", () => {
  let m: Mounted;
  beforeAll(async () => (m = await mount({ token: SERVE_TOKEN })));
  afterAll(() => m.close());

  it("is required on every route when set: 401 without it, with another scheme or another token", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Basic dXNlcjpwYXNz" }, { authorization: "Bearer" }, { authorization: "Bearer tj-serve-0123456789-abcdefABCDEX" }, { authorization: "Bearer short" }];
    for (const headers of attempts) {
      const r = await post(m, CONTEXTS.commit, headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="toolweave"');
      expect(r.text).not.toContain(SERVE_TOKEN.reveal());
    }
    expect((await post(m, CONTEXTS.commit)).json).toEqual({ error: expect.stringContaining("TOOLWEAVE_SERVE_TOKEN") });
    expect((await m.call("/config")).status).toBe(401);
    expect((await m.call("/custom-domains")).status).toBe(401);
    expect(m.calls).toHaveLength(0);
  });

  it("lets the extension in with the token", async () => {
    const auth = { authorization: `Bearer ${SERVE_TOKEN.reveal()}` };
    expect((await post(m, CONTEXTS.commit, auth)).status).toBe(200);
    expect((await m.call("/config", { headers: auth })).status).toBe(200);
    // A preflight carries no token, and needs none.
    expect((await m.call("/context", { method: "OPTIONS", headers: { origin: "https://github.com", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } })).status).toBe(204);
  });
});

describe("the rate limit", () => {
  it("answers 429 with RateLimit-* and Retry-After after 200 requests in 15 minutes from one address, per address", async () => {
    const m = await mount();
    try {
      let last: Reply | undefined;
      for (let i = 1; i <= 200; i++) {
        last = await m.call("/custom-domains");
        expect(last.status).toBe(200);
        if (i === 1) m.advance(60_000);
      }
      expect(last!.headers).toMatchObject({ "ratelimit-limit": "200", "ratelimit-remaining": "0", "ratelimit-reset": "840", "ratelimit-policy": "200;w=900" });
      const limited = await post(m, CONTEXTS.commit, { origin: "https://github.com" });
      expect(limited.status).toBe(429);
      expect(limited.headers).toMatchObject({ "ratelimit-limit": "200", "ratelimit-remaining": "0", "ratelimit-reset": "840", "retry-after": "840", "access-control-allow-origin": "https://github.com" });
      expect(limited.json).toMatchObject({ error: "Too many requests", message: expect.stringContaining("at most 200 requests per 15 minutes") });
      // Another address has its own window.
      const other = await m.call("/custom-domains", { localAddress: "127.0.0.2" });
      expect(other.status).toBe(200);
      expect(other.headers["ratelimit-remaining"]).toBe("199");
      // The window ends: allowed again.
      m.advance(840_000);
      const again = await post(m, CONTEXTS.commit);
      expect(again.status).toBe(200);
      expect(again.headers["ratelimit-remaining"]).toBe("199");
    } finally {
      await m.close();
    }
  }, 60_000);
});

describe("CORS", () => {
  let m: Mounted;
  beforeAll(async () => (m = await mount()));
  afterAll(() => m.close());
  const preflight = (path: string, origin: string, extra: Record<string, string> = {}) =>
    m.call(path, { method: "OPTIONS", headers: { origin, "access-control-request-method": path === "/context" ? "POST" : "GET", "access-control-request-headers": "content-type,authorization", ...extra } });

  it("lets the sites toolweave reads call /context: the Origin echoed, with Vary", async () => {
    for (const origin of ["https://github.com", CIRCLECI, CIRCONUS, CIRCLECI_SERVER, "https://gitlab.com", "https://bitbucket.org", "http://circonus.lab.example"]) {
      const r = await post(m, CONTEXTS.circleciPipeline, { origin });
      expect(r.headers["access-control-allow-origin"], origin).toBe(origin);
      expect(r.headers.vary).toBe("Origin");
      const p = await preflight("/context", origin, { "access-control-request-private-network": "true" });
      expect(p.status).toBe(204);
      expect(p.headers).toMatchObject({
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": "content-type, authorization",
        "access-control-max-age": "600",
        "access-control-allow-private-network": "true",
        vary: "Origin",
      });
    }
  });

  it("gives other origins no CORS headers; a call without Origin (the extension's worker) is answered", async () => {
    for (const origin of ["https://evil.example", "https://github.com.evil.example", "null", "chrome-extension://abcdefghijklmnop"]) {
      const r = await post(m, CONTEXTS.commit, { origin });
      expect(r.headers["access-control-allow-origin"], origin).toBeUndefined();
      const p = await preflight("/context", origin);
      expect(p.status).toBe(204);
      expect(Object.keys(p.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    }
    const r = await post(m, CONTEXTS.commit);
    expect(r.status).toBe(200);
    expect(r.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers /config and /custom-domains for any origin, preflights too", async () => {
    for (const path of ["/config", "/custom-domains"]) {
      expect((await m.call(path, { headers: { origin: "chrome-extension://abcdefghijklmnop" } })).headers["access-control-allow-origin"]).toBe("*");
      const p = await preflight(path, "chrome-extension://abcdefghijklmnop");
      expect(p.headers).toMatchObject({ "access-control-allow-origin": "*", "access-control-allow-methods": "GET, HEAD", "access-control-allow-headers": "content-type, authorization" });
    }
  });
});

describe("GET /config and /custom-domains", () => {
  let m: Mounted;
  beforeAll(async () => (m = await mount()));
  afterAll(() => m.close());

  it("lists GitHub for the github adapter, every other site toolweave reads for generic, and the https ones as custom domains", async () => {
    const config = (await m.call("/config")).json as z.infer<typeof ConfigResponseSchema>;
    const generic = [CIRCLECI_SERVER, CIRCLECI, CIRCONUS, "https://bitbucket.org", "https://gitlab.com", "http://circonus.lab.example"].sort();
    expect(config.adapters).toEqual([
      { name: "github", enabled: true, urls: ["https://github.com"], description: expect.any(String) },
      { name: "generic", enabled: true, urls: generic, description: expect.any(String) },
    ]);
    // Origins, as the extension's settings use them (`new URL(domain)`, `${domain}/*`); only https ones can be granted.
    const custom = generic.filter((o) => o.startsWith("https:"));
    expect(config.customDomains).toEqual(custom);
    const domains = await m.call("/custom-domains");
    expect(domains.json).toMatchObject({ hosts: custom, count: custom.length });
    expect(domains.headers["ratelimit-limit"]).toBe("200");
    const head = await m.call("/custom-domains", { method: "HEAD" });
    expect([head.status, head.text]).toEqual([200, ""]);
    const r = await m.call("/config", { method: "POST", body: "{}", headers: JSON_TYPE });
    expect([r.status, r.headers.allow]).toEqual([405, "GET, HEAD, OPTIONS"]);
  });

  it("still lists the VCS hosts when the connectors' origins cannot be read", async () => {
    const broken = await mount({ origins: () => Promise.reject(new Error("no origins")) });
    try {
      expect(((await broken.call("/custom-domains")).json as { hosts: string[] }).hosts).toEqual(["https://bitbucket.org", "https://gitlab.com"]);
    } finally {
      await broken.close();
    }
  });
});

describe("secrets", () => {
  it("never serves a secret this process holds (checked on every response of this file)", () => {
    expect(served.length).toBeGreaterThan(250);
    for (const text of served) {
      expect(text).not.toContain(LEAKED.reveal());
      expect(text).not.toContain(SERVE_TOKEN.reveal());
    }
    expect(served.some((text) => text.includes("token=REDACTED") || text.includes("token=CCIPAT_****"))).toBe(true);
  });
});
