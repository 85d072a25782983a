import type { IncomingMessage, ServerResponse } from "node:http";
import { ToolweaveError, type PageInsights, type Secret } from "@toolweave/core";
import { redactOutput, redactString } from "../redact-output.js";
import { createRateLimiter, type RateLimitVerdict } from "./create-rate-limiter.js";
import { insightsToResults, type ToolJumpAnswer } from "./insights-to-results.js";
import { ContextRequestSchema, MAX_BODY_BYTES, MAX_DEPTH } from "./protocol.js";
import { createBearerCheck } from "../bearer-token.js";
import { SERVE_TOKEN } from "./read-serve-token.js";
import { toolJumpSites, type ToolJumpSites } from "./tooljump-sites.js";

// The server side of ToolJump's context protocol (https://github.com/tooljump/tooljump, docs at
// https://tooljump.dev/docs/), mounted in `serve`'s node:http server: the extension posts the page
// it shows to `/context` and draws the answer as a bar on that page.

/** What the `serve` command gives the server for these routes. */
export interface ToolJumpServeOptions {
  /** The bearer token the extension must send (`TOOLWEAVE_SERVE_TOKEN`); none: every caller is answered. */
  token?: Secret;
}

/** Options of {@link createToolJumpRoutes}. */
export interface ToolJumpRoutesOptions extends ToolJumpServeOptions {
  /** The insights for a page URL (the hub's `resolve`, then `insights`); `signal` aborts when the client goes away. */
  answer(url: string, signal: AbortSignal): Promise<PageInsights>;
  /** The web origins of the connectors' pages (their `PageReader.origins()`), asked at most once a minute; the VCS hosts core reads are added. */
  origins(): Promise<string[]>;
  /** Wall clock for the rate limit and timestamps (never the simulated clock: a pinned one never ends a window). Default `Date.now`. */
  clock?: () => number;
  /** Default 200 requests per 15 minutes per client address, as ToolJump's reference server. */
  rateLimit?: { max?: number; windowMs?: number };
  /**
   * The longest one page's answer may take (default 30 s): past it the tools' calls are
   * cancelled and the bar gets one `important` line saying so, rather than waiting on a tool
   * that keeps answering 429 (the extension gives up long before the calls would end).
   */
  answerTimeoutMs?: number;
}

export interface ToolJumpRoutes {
  /** Answers `/context`, `/config` and `/custom-domains` (true when it answered); anything else is left to the caller. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

const PATHS = new Set(["/context", "/config", "/custom-domains"]);
const DEFAULT_ANSWER_TIMEOUT_MS = 30_000;
const PREFLIGHT_MAX_AGE = "600";
const ORIGINS_TTL_MS = 60_000;
const ALLOWED_HEADERS = "content-type, authorization";

const JSON_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
};

const ADAPTER_DESCRIPTIONS = {
  github: "GitHub pages (repositories, commits, pull requests, Actions runs): each tied to its catalog service, with its deploys, builds and alerts.",
  generic: "The other sites toolweave reads (GitLab, Bitbucket, the CircleCI and Circonus web apps), by their URL.",
};

type Headers = Record<string, string>;

/** A path with its slashes collapsed: an extension host set with a trailing slash posts to `//context`. */
function pathOf(req: IncomingMessage, url: URL): string {
  const raw = req.url ?? "/";
  return raw.startsWith("//") ? `/${raw.split("?")[0]!.replace(/^\/+/, "")}` : url.pathname;
}

/** The deepest chain of arrays and objects under the context (iterative: a deep body cannot overflow the stack). */
function tooDeep(value: unknown): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: "" }];
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > MAX_DEPTH) return path;
    for (const [key, inner] of Object.entries(v)) stack.push({ value: inner, depth: depth + 1, path: path ? `${path}.${key}` : key });
  }
  return undefined;
}

/**
 * The body, or `undefined` once it passed the limit (the rest is read and dropped, so the 413
 * still reaches a client that is sending); rejects when the client goes away first.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    let ended = false;
    req.once("end", () => {
      ended = true;
      resolve(over ? undefined : Buffer.concat(chunks).toString("utf8"));
    });
    req.once("error", reject);
    req.once("close", () => {
      if (!ended) reject(new Error("client went away"));
    });
  });
}

/**
 * ToolJump's routes, for `serve`'s server to call first in its handler (after its `Host` check):
 * - `POST /context`: the context the extension read (`{ type, url, … }`) → the page's insights
 *   as ToolJump results; 400 for a body that is not a context, 413 above 100 kB;
 * - `GET /config`, `GET /custom-domains`: the sites toolweave reads, for the extension's settings.
 *
 * With a token, every route needs `Authorization: Bearer <token>` (401 otherwise; compared in
 * constant time), as the reference server. Each client address gets 200 requests per 15
 * minutes (429 with `RateLimit-*` and `Retry-After` after that). `/context` allows browser calls
 * from the sites toolweave reads only (CORS); `/config` and `/custom-domains` from any origin.
 * Everything answered passes through the demo's redaction.
 */
export function createToolJumpRoutes(options: ToolJumpRoutesOptions): ToolJumpRoutes {
  const clock = options.clock ?? Date.now;
  const limiter = createRateLimiter({ ...options.rateLimit, clock });
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  const bearerRefusal = createBearerCheck(options.token, SERVE_TOKEN);
  const timestamp = () => new Date(clock()).toISOString();

  // Asked once a minute at most: every browser call to /context checks its Origin against them.
  let cached: { at: number; sites: Promise<ToolJumpSites> } | undefined;
  const sites = (): Promise<ToolJumpSites> => {
    const now = clock();
    if (!cached || now - cached.at >= ORIGINS_TTL_MS || now < cached.at) {
      cached = {
        at: now,
        // origins() should never reject; if it does, the VCS hosts still work.
        sites: Promise.resolve()
          .then(() => options.origins())
          .then(toolJumpSites, () => toolJumpSites([])),
      };
    }
    return cached.sites;
  };

  function send(res: ServerResponse, status: number, body: object | undefined, headers: Headers, head = false): void {
    if (res.destroyed || res.headersSent) return;
    if (body === undefined) {
      res.writeHead(status, { ...headers, "content-length": 0 });
      res.end();
      return;
    }
    const text = JSON.stringify(redactOutput(body));
    res.writeHead(status, { ...JSON_HEADERS, ...headers, "content-length": Buffer.byteLength(text) });
    res.end(head ? undefined : text);
  }

  const rateHeaders = (v: RateLimitVerdict): Headers => ({
    "ratelimit-policy": `${v.limit};w=${v.windowSeconds}`,
    "ratelimit-limit": String(v.limit),
    "ratelimit-remaining": String(v.remaining),
    "ratelimit-reset": String(v.resetSeconds),
  });

  /** Why the request's token is refused, or undefined when it is accepted. */
  const refusal = (req: IncomingMessage): string | undefined => bearerRefusal(req.headers.authorization);

  async function context(req: IncomingMessage, res: ServerResponse, headers: Headers): Promise<void> {
    const invalid = (status: number, details: { path: string; message: string }[]) => send(res, status, { error: "Invalid request body", details, timestamp: timestamp() }, headers);
    const tooLarge = () => invalid(413, [{ path: "", message: `The context is larger than ${MAX_BODY_BYTES / 1024} kB; send a smaller one.` }]);
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") return invalid(400, [{ path: "", message: "Send the context as JSON, with Content-Type: application/json." }]);
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length > MAX_BODY_BYTES) return tooLarge();
    const text = await readBody(req, MAX_BODY_BYTES);
    if (text === undefined) return tooLarge();
    let body: unknown;
    try {
      // A UTF-8 byte order mark is not JSON, but body parsers (express.json) drop it: so do we.
      body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      return invalid(400, [{ path: "", message: "The body is not valid JSON." }]);
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) return invalid(400, [{ path: "", message: "The context must be a JSON object with type and url." }]);
    const deep = tooDeep(body);
    if (deep !== undefined) return invalid(400, [{ path: deep, message: `Nested deeper than ${MAX_DEPTH} levels.` }]);
    const parsed = ContextRequestSchema.safeParse(body);
    if (!parsed.success) return invalid(400, parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })));

    // The client going away (a tab closed, the page left) cancels the tools' calls made for it.
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new Error("client went away"));
    };
    res.once("close", onClose);
    let answer: ToolJumpAnswer;
    const budgetMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    let overBudget = false;
    const budget = setTimeout(() => {
      overBudget = true;
      controller.abort(new Error(`no answer within ${budgetMs} ms`));
    }, budgetMs);
    try {
      answer = insightsToResults(redactOutput(await options.answer(parsed.data.url, controller.signal)));
    } catch (error) {
      if (overBudget) {
        const seconds = Math.max(1, Math.round(budgetMs / 1000));
        answer = {
          data: [{ type: "text", status: "important", content: `toolweave: the tools did not answer within ${seconds} s (slow, or rate limited), so nothing is shown for this page. Reload in a minute; \`toolweave-demo doctor\` shows whether a token or a limit is the cause.` }],
          failedCount: 1,
          integrationNames: [],
        };
        return send(res, 200, { data: answer.data, count: 1, cacheHits: 0, failedCount: 1, timestamp: timestamp(), integrationNames: [] }, headers);
      }
      if (controller.signal.aborted) return;
      // One failure is still an answer the bar shows, as the reference server does for a failed integration.
      const message = redactString(error instanceof Error ? error.message : String(error));
      const fix = ToolweaveError.isInstance(error) && error.fix ? ` ${redactString(error.fix)}` : "";
      answer = { data: [{ type: "text", status: "important", content: `toolweave could not answer for this page: ${message}${fix}` }], failedCount: 1, integrationNames: [] };
    } finally {
      clearTimeout(budget);
      res.off("close", onClose);
    }
    send(res, 200, { data: answer.data, count: answer.data.length, cacheHits: 0, failedCount: answer.failedCount, timestamp: timestamp(), integrationNames: answer.integrationNames }, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = pathOf(req, url);
    if (!PATHS.has(path)) return false;
    const method = req.method ?? "GET";
    const isContext = path === "/context";
    const allow = isContext ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
    const origin = req.headers.origin;

    // CORS: /context only for the sites toolweave reads (the Origin echoed), the rest for anyone.
    const cors: Headers = {};
    if (isContext) {
      cors.vary = "Origin";
      if (origin && (await sites()).allowed.has(origin)) cors["access-control-allow-origin"] = origin;
    } else {
      cors["access-control-allow-origin"] = "*";
    }
    if (method === "OPTIONS") {
      const preflight: Headers = { ...cors };
      if (preflight["access-control-allow-origin"]) {
        preflight["access-control-allow-methods"] = isContext ? "POST" : "GET, HEAD";
        preflight["access-control-allow-headers"] = ALLOWED_HEADERS;
        preflight["access-control-max-age"] = PREFLIGHT_MAX_AGE;
        // Chrome asks before a public page's script reaches a loopback server (Private Network Access).
        if (req.headers["access-control-request-private-network"] === "true") preflight["access-control-allow-private-network"] = "true";
      }
      send(res, 204, undefined, preflight);
      return true;
    }

    const verdict = limiter.hit(req.socket.remoteAddress ?? "unknown");
    const headers: Headers = { ...cors, ...rateHeaders(verdict) };
    if (!verdict.allowed) {
      const minutes = Math.round(verdict.windowSeconds / 60);
      send(res, 429, { error: "Too many requests", message: `Rate limit exceeded: at most ${verdict.limit} requests per ${minutes} minutes from one address. Try again in ${verdict.resetSeconds} s.`, timestamp: timestamp() }, { ...headers, "retry-after": String(verdict.resetSeconds) });
      return true;
    }
    const allowed = isContext ? method === "POST" : method === "GET" || method === "HEAD";
    if (!allowed) {
      send(res, 405, { error: `${path} answers ${allow.replace(", OPTIONS", "")} only.`, timestamp: timestamp() }, { ...headers, allow });
      return true;
    }
    const refused = refusal(req);
    if (refused) {
      send(res, 401, { error: refused }, { ...headers, "www-authenticate": 'Bearer realm="toolweave"' });
      return true;
    }
    const head = method === "HEAD";
    try {
      if (isContext) {
        await context(req, res, headers);
      } else {
        const { github, generic, customDomains } = await sites();
        if (path === "/config") {
          const adapters = [
            { name: "github", enabled: true, urls: github, description: ADAPTER_DESCRIPTIONS.github },
            { name: "generic", enabled: true, urls: generic, description: ADAPTER_DESCRIPTIONS.generic },
          ];
          send(res, 200, { adapters, customDomains, timestamp: timestamp() }, headers, head);
        } else {
          send(res, 200, { hosts: customDomains, count: customDomains.length, timestamp: timestamp() }, headers, head);
        }
      }
    } catch (error) {
      if (res.destroyed) return true;
      const message = redactString(error instanceof Error ? error.message : String(error));
      send(res, 500, { error: `Internal error: ${message}`, timestamp: timestamp() }, headers);
    }
    return true;
  }

  return { handle };
}
