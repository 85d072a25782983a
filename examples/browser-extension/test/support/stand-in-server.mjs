// A small loopback stand-in for a toolweave server's ToolJump endpoints (`POST /context`,
// `GET /config`), answering ToolJump-shaped data chosen by the page URL, hostile strings
// included. It records what it was sent, so a test can check the extension's requests.
import { createServer } from "node:http";

const CIRCLECI_PIPELINE = "https://app.circleci.com/pipelines/github/acme/checkout/412/workflows/bb22cc33-dd44-4e55-9f66-007788990011";
const CIRCONUS_ALERT = "https://acme.circonus.com/fault-detection/alerts/1048";

/** What the stand-in answers for a GitHub repository page: every result type, hostile strings, an incomplete part. */
export const GITHUB_RESULTS = [
  { type: "link", content: "checkout: pipeline #412 on main passed", href: CIRCLECI_PIPELINE, status: "success", tooltip: "Latest pipeline of gh/acme/checkout" },
  { type: "text", content: '<img src=x onerror="window.__pwned=1">', status: "relevant", tooltip: '"><script>window.__pwned=2</script>' },
  { type: "link", content: "Run me", href: "javascript:window.__pwned=3" },
  {
    type: "dropdown",
    content: "2 active alerts in prod",
    status: "important",
    items: [
      { content: "sev 1: checkout p99 latency", href: CIRCONUS_ALERT, status: "important" },
      { content: "<b>sev 2</b>: error rate", href: "javascript:window.__pwned=4" },
      { content: "sev 2: 5xx on /pay", href: "https://acme.circonus.com/fault-detection/alerts/1049", tooltip: "Opened 6 min after pipeline #412" },
    ],
  },
  { type: "text", content: "Circonus annotations could not be read (HTTP 503): this answer may be incomplete", status: "important" },
];

const CIRCLECI_RESULTS = [
  { type: "text", content: "service checkout · prod", icon: "circleci" },
  { type: "link", content: "commit 3f9c2ab on GitHub", href: "https://github.com/acme/checkout/commit/3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4", icon: "github" },
  { type: "link", content: "suspect for alert 1048 (opened 6 min after this deploy)", href: CIRCONUS_ALERT, status: "important", tooltip: "Circonus alert 1048: checkout p99 latency, sev 1" },
  {
    type: "dropdown",
    content: "2 active alerts in prod",
    status: "relevant",
    items: [
      { content: "sev 1: checkout p99 latency", href: CIRCONUS_ALERT, status: "important" },
      { content: "sev 2: 5xx on /pay", href: "https://acme.circonus.com/fault-detection/alerts/1049" },
    ],
  },
  { type: "text", content: "Circonus annotations could not be read (HTTP 503): this answer may be incomplete", status: "important" },
];

const CIRCONUS_RESULTS = [
  { type: "text", content: "checkout · prod · sev 1", status: "important" },
  { type: "link", content: "suspect deploy: pipeline #412 (3f9c2ab), 6 min before", href: CIRCLECI_PIPELINE, status: "relevant", icon: "circleci" },
  { type: "link", content: "latest pipeline on main: #413 passed", href: "https://app.circleci.com/pipelines/github/acme/checkout/413", status: "success", icon: "circleci" },
  { type: "link", content: "gh/acme/checkout", href: "https://github.com/acme/checkout", icon: "github" },
];

/** Chooses the answer for a context: status and body (and headers). */
function answerFor(context) {
  const url = new URL(context.url);
  const path = url.pathname;
  if (url.hostname === "github.com") {
    if (path.startsWith("/acme/empty")) return { status: 200, body: { data: [], count: 0, cacheHits: 0, failedCount: 0, timestamp: new Date(0).toISOString(), integrationNames: [] } };
    if (path.startsWith("/acme/limited")) return { status: 429, body: { error: "Too many requests", message: "Rate limit exceeded: try again in 42 s.", timestamp: new Date(0).toISOString() }, headers: { "RateLimit-Limit": "200", "RateLimit-Remaining": "0", "RateLimit-Reset": "42", "Retry-After": "42" } };
    if (path.startsWith("/acme/broken")) return { status: 200, body: { data: [{ type: "link", content: "no href" }] } };
    if (path.startsWith("/acme/legacy")) return { status: 200, body: [{ type: "text", content: "a bare list, as older servers answer" }] };
    return { status: 200, body: envelope(GITHUB_RESULTS, 1) };
  }
  if (url.hostname === "app.circleci.com") return { status: 200, body: envelope(CIRCLECI_RESULTS, 1) };
  if (url.hostname.endsWith(".circonus.com")) return { status: 200, body: envelope(CIRCONUS_RESULTS, 0) };
  return { status: 200, body: envelope([], 0) };
}

function envelope(data, failedCount) {
  return { data, count: data.length, cacheHits: 0, failedCount, timestamp: new Date(0).toISOString(), integrationNames: ["stand-in"] };
}

/**
 * Starts the stand-in on a free loopback port.
 * @param {{ token?: string, customDomains?: string[] }} [options] a token makes every endpoint require `Authorization: Bearer <token>`
 * @returns {Promise<{ url: string, requests: { method: string, path: string, headers: Record<string, string | string[] | undefined>, body: unknown }[], close: () => Promise<void> }>}
 */
export async function startStandInServer({ token = "", customDomains = ["https://ci.acme.example", "https://app.circleci.com"] } = {}) {
  /** @type {{ method: string, path: string, headers: Record<string, string | string[] | undefined>, body: unknown }[]} */
  const requests = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      requests.push({ method: req.method ?? "", path, headers: req.headers, body });
      const send = (status, json, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      if (token && req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Invalid token." });
      if (req.method === "GET" && path === "/config") {
        return send(200, { adapters: [{ name: "github", enabled: true, urls: ["https://github.com"], description: "GitHub repositories" }], customDomains, timestamp: new Date(0).toISOString() });
      }
      if (req.method === "POST" && path === "/context") {
        if (typeof body !== "object" || body === null || !["github", "aws", "generic"].includes(body.type) || typeof body.url !== "string") {
          return send(400, { error: "Invalid request body", details: [{ path: "type", message: "not a context" }], timestamp: new Date(0).toISOString() });
        }
        const answer = answerFor(body);
        return send(answer.status, answer.body, answer.headers);
      }
      send(404, { error: "Not found" });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
