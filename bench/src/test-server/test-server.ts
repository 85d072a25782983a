import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createCircleCIWorld } from "./circleci-world.js";
import { createCirconusWorld } from "./circonus-world.js";
import { FaultBook } from "./fault-book.js";
import { SlidingWindowLimiter } from "./rate-limiter.js";
import type { FaultRule, Provider, RecordedRequest, Reply, ServerCounters, TestServerOptions } from "./types.js";

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** CircleCI API v2 root on this server. */
  readonly circleciBaseUrl: string;
  /** Circonus API v2 root on this server. */
  readonly circonusBaseUrl: string;
  /** A second loopback server on another port: another origin. Records what it receives. */
  readonly otherOrigin: string;
  /** Every request received by either origin, in order (when `record` is on). */
  readonly requests: RecordedRequest[];
  readonly counters: ServerCounters;
  /** Adds faults; they fire on the next matching requests. */
  inject(...rules: FaultRule[]): void;
  /** Times each injected rule fired, in the order injected. */
  faultsFired(): number[];
  /** Clears requests, counters and faults. */
  reset(): void;
  close(): Promise<void>;
}

const CIRCLECI_PREFIX = "/circleci/api/v2/";
const CIRCONUS_PREFIX = "/circonus/v2/";
/** Headers that carry a credential for one of the two APIs. */
export const CREDENTIAL_HEADERS = ["circle-token", "authorization", "x-circonus-auth-token"] as const;

function emptyCounters(): ServerCounters {
  return { total: 0, byProvider: { circleci: 0, circonus: 0 }, byOutcome: {}, rateLimited: { circleci: 0, circonus: 0 }, otherOrigin: 0 };
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/**
 * A loopback HTTP server that plays the CircleCI v2 and Circonus v2 endpoints the connectors
 * call, with latency, a per-provider rate limit (429 + Retry-After), page sizes, fault
 * injection and a record of every request (headers included) on both origins.
 */
export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const record = options.record ?? true;
  const latencyMs = options.latencyMs ?? 0;
  const circleci = createCircleCIWorld(options.circleci);
  const circonus = createCirconusWorld(options.circonus);
  const faults = new FaultBook();
  if (options.faults) faults.add(...options.faults);
  const limiters: Record<Provider, SlidingWindowLimiter> | undefined = options.rateLimit
    ? { circleci: new SlidingWindowLimiter(options.rateLimit.requestsPerSecond), circonus: new SlidingWindowLimiter(options.rateLimit.requestsPerSecond) }
    : undefined;
  const retryAfter = String(options.rateLimit?.retryAfterSeconds ?? 1);
  const requests: RecordedRequest[] = [];
  let counters = emptyCounters();
  const sockets = new Set<Socket>();
  let origin = "";
  let otherOrigin = "";

  const track = (server: Server) =>
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });

  const note = (entry: RecordedRequest | undefined, outcome: RecordedRequest["outcome"]) => {
    counters.byOutcome[String(outcome)] = (counters.byOutcome[String(outcome)] ?? 0) + 1;
    if (entry) entry.outcome = outcome;
  };

  function send(res: ServerResponse, reply: Reply, entry: RecordedRequest | undefined): void {
    const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    const body = Buffer.from(text);
    res.writeHead(reply.status, {
      "content-type": typeof reply.body === "string" ? "text/plain; charset=utf-8" : "application/json",
      "content-length": String(body.length),
      ...reply.headers,
    });
    res.end(body);
    note(entry, reply.status);
  }

  async function applyFault(rule: FaultRule, res: ServerResponse, req: IncomingMessage, reply: () => Reply, entry: RecordedRequest | undefined): Promise<void> {
    switch (rule.kind) {
      case "status":
        return send(res, { status: rule.status, body: rule.body ?? { message: `Injected HTTP ${rule.status}` }, ...(rule.headers ? { headers: rule.headers } : {}) }, entry);
      case "rate-limit":
        return send(res, { status: 429, body: { message: "Rate limit exceeded." }, headers: { "retry-after": rule.retryAfter ?? "1" } }, entry);
      case "reset":
        note(entry, "reset");
        req.socket.destroy();
        return;
      case "redirect": {
        const target =
          rule.to === "malformed"
            ? "http://[::1"
            : `${rule.to === "other" ? otherOrigin : origin}${req.url}${rule.to === "same" ? `${req.url!.includes("?") ? "&" : "?"}redirected=1` : ""}`;
        return send(res, { status: rule.status ?? 302, body: "", headers: { location: target } }, entry);
      }
      case "echo-credentials": {
        const seen = Object.fromEntries(Object.entries(entry?.headers ?? headerRecord(req)).filter(([k]) => (CREDENTIAL_HEADERS as readonly string[]).includes(k)));
        let said = Object.entries(seen).map(([k, v]) => `${k}=${v}`).join(" ");
        if (rule.upperCase) said = said.toUpperCase();
        if (rule.padding) said = `${"x".repeat(rule.padding)}${said}`;
        if (rule.text) return send(res, { status: rule.status, body: `Rejected credentials: ${said}`, headers: { "content-type": "text/plain" } }, entry);
        return send(res, { status: rule.status, body: { message: `Rejected credentials: ${said}`, code: "Forbidden.BadToken", explanation: said, error: said } }, entry);
      }
      case "invalid-json":
        return send(res, { status: 200, body: rule.body ?? "<html><body>Sign in to continue</body></html>", headers: { "content-type": "application/json" } }, entry);
    }
    const answer = reply();
    const full = Buffer.from(JSON.stringify(answer.body ?? {}));
    // The answer's own headers (e.g. X-Circonus-More-Items) go out with the damaged body.
    const headers = { ...answer.headers, "content-type": "application/json", "content-length": String(full.length) };
    const half = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
    switch (rule.kind) {
      case "truncated-json":
        return send(res, { status: 200, body: half.toString("utf8"), headers: { ...answer.headers, "content-type": "application/json" } }, entry);
      case "truncated-body":
        res.writeHead(200, headers);
        res.write(half);
        note(entry, "truncated-body");
        // Let the half reach the client, then close without the rest.
        await sleep(5);
        req.socket.destroy();
        return;
      case "slow-body":
        res.writeHead(200, headers);
        res.write(half);
        note(entry, "slow-body");
        await sleep(rule.delayMs);
        if (!res.destroyed) res.end(full.subarray(half.length));
        return;
    }
  }

  async function handleMain(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const provider: Provider | undefined = url.pathname.startsWith(CIRCLECI_PREFIX)
      ? "circleci"
      : url.pathname.startsWith(CIRCONUS_PREFIX)
        ? "circonus"
        : undefined;
    const path = provider === "circleci" ? url.pathname.slice(CIRCLECI_PREFIX.length) : provider === "circonus" ? url.pathname.slice(CIRCONUS_PREFIX.length) : url.pathname;
    const headers = headerRecord(req);
    counters.total++;
    if (provider) counters.byProvider[provider]++;
    const entry: RecordedRequest | undefined = record
      ? { origin: "main", provider, method: req.method ?? "GET", url: req.url ?? "/", path, query: Object.fromEntries(url.searchParams), headers, outcome: 0, at: Date.now() }
      : undefined;
    if (entry) requests.push(entry);
    // Drain any request body.
    for await (const _chunk of req);

    const limited = provider && limiters ? !limiters[provider].tryAccept(Date.now()) : false;
    if (latencyMs > 0) await sleep(latencyMs);
    if (limited && provider) {
      counters.rateLimited[provider]++;
      return send(res, { status: 429, body: { message: "Rate limit exceeded." }, headers: { "retry-after": retryAfter } }, entry);
    }
    const reply = (): Reply =>
      provider === "circleci" ? circleci(path, url, headers) : provider === "circonus" ? circonus(path, url, headers) : { status: 404, body: { message: "Unknown API" } };
    const fault = faults.take(provider, path, url.searchParams);
    if (fault) return applyFault(fault, res, req, reply, entry);
    send(res, reply(), entry);
  }

  const main = createServer((req, res) => {
    handleMain(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: `test server error: ${String(error)}` } }, undefined);
      else res.destroy();
    });
  });
  const other = createServer((req, res) => {
    counters.total++;
    counters.otherOrigin++;
    const url = new URL(req.url ?? "/", otherOrigin);
    if (record) {
      requests.push({ origin: "other", provider: undefined, method: req.method ?? "GET", url: req.url ?? "/", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: headerRecord(req), outcome: 200, at: Date.now() });
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ items: [], next_page_token: null, stolen: true }));
  });
  track(main);
  track(other);
  origin = await listen(main);
  otherOrigin = await listen(other);

  return {
    origin,
    otherOrigin,
    circleciBaseUrl: `${origin}${CIRCLECI_PREFIX.slice(0, -1)}`,
    circonusBaseUrl: `${origin}${CIRCONUS_PREFIX.slice(0, -1)}`,
    requests,
    get counters() {
      return counters;
    },
    inject: (...rules) => faults.add(...rules),
    faultsFired: () => faults.fired(),
    reset() {
      requests.length = 0;
      counters = emptyCounters();
      faults.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([main, other].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
