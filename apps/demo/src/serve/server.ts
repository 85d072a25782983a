import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidInputError, ToolweaveError } from "@toolweave/core";
import type { Catalog } from "../catalog.js";
import { errorJson } from "../error-json.js";
import { jsonShape } from "../json-shape.js";
import type { Providers } from "../providers.js";
import { pageAnswer } from "../page-answer.js";
import { redactOutput } from "../redact-output.js";
import { createToolJumpRoutes, type ToolJumpServeOptions } from "../tooljump/create-tooljump-routes.js";
import { ICON_SVG, PAGE_CSS } from "./page-css.js";
import { renderErrorPage, renderIndexPage, renderServicePage } from "./page.js";
import { loadServiceView, serviceQuery, serviceSummaries } from "./service-view.js";

/**
 * The `serve` HTTP server (node:http, no framework). Routes:
 * - `GET /?q=&page=`: the catalog's services, searched and a page at a time;
 * - `GET /services/<name>?env=&since=&q=`: one service's page (`q` searches the side list);
 * - `GET /api/services`, `GET /api/services/<name>?env=&since=`: the same data as JSON;
 * - `GET /assets/page.css`, `/assets/icon.svg`: the page's only assets (nothing from a CDN).
 *
 * Every response carries a strict Content-Security-Policy (no script at all, styles and images
 * from this origin only). Requests whose `Host` is not this server's loopback address are
 * refused, so a web page elsewhere cannot read the API through DNS rebinding.
 */

/** Options of {@link startServeServer}. */
export interface ServeServerOptions {
  providers: Providers;
  catalog: Catalog;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 for any free one. */
  port: number;
  /** The clock: the end of every timeline window. */
  now: () => number;
  /** Version of the JSON shape, as the CLI's `--json`. */
  schemaVersion: number;
  /** ToolJump's routes (`POST /context`, `GET /config`, `GET /custom-domains`): the bearer token they require, if any. */
  tooljump?: ToolJumpServeOptions;
}

/** A running `serve` server. */
export interface ServeServer {
  /** e.g. `http://127.0.0.1:4020/`. */
  url: string;
  port: number;
  /** Stops accepting connections, ends open ones and resolves when the server is closed. */
  close(): Promise<void>;
}

/** The security headers of every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

/** The hosts a browser on this machine uses to reach a loopback server. */
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True for a loopback address or name (`127.0.0.1`, `127.x.y.z`, `::1`, `localhost`). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** Names a short catalog's services; a large one's are searched on the start page, not listed in an error. */
function unknownServiceFix(catalog: Catalog, name: string): string {
  if (catalog.services.length <= 20) return `Use one of: ${catalog.services.map((s) => s.name).join(", ")}.`;
  return `Find it on the start page: /?q=${encodeURIComponent(name)} (the catalog has ${catalog.services.length} services).`;
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/**
 * The JSON endpoint's one writer: the value in the shape of the CLI's `--json` (`jsonShape`),
 * redacted (`redactOutput`: a tool's data can carry a secret this process holds), then
 * serialised. The page's HTML is redacted by its renderers (page.ts).
 */
function sendJson(res: ServerResponse, status: number, value: Record<string, unknown>, head: boolean): void {
  send(res, status, "application/json; charset=utf-8", `${JSON.stringify(redactOutput(jsonShape(value)), null, 2)}\n`, head);
}

/** Starts the server; resolves once it listens. */
export async function startServeServer(options: ServeServerOptions): Promise<ServeServer> {
  const { providers, catalog } = options;
  const host = options.host ?? "127.0.0.1";
  const services = serviceSummaries(catalog);
  const mode = providers.mode;
  let port = options.port;
  const inflight = new Set<AbortController>();
  // ToolJump's extension (and toolweave's own context bar) ask about the page they are on.
  const tooljump = createToolJumpRoutes({
    ...options.tooljump,
    answer: pageAnswer({ providers, catalog, now: options.now }),
    origins: async () => (await Promise.all(providers.connectors.map((c) => c.correlator.pages?.origins() ?? []))).flat(),
  });

  const loopback = isLoopbackHost(host);
  const allowedHost = (value: string | undefined) => {
    // Bound to another interface the page is reachable from the network anyway; the check guards loopback only.
    if (!loopback) return true;
    if (!value) return false;
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value.toLowerCase());
    if (!match || (match[2] !== undefined && Number(match[2]) !== port)) return false;
    return LOOPBACK_NAMES.has(match[1]!) || match[1] === host.toLowerCase() || `[${host.toLowerCase()}]` === match[1];
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === "HEAD";
    const json = (status: number, value: Record<string, unknown>) => sendJson(res, status, { schemaVersion: options.schemaVersion, mode, ...value }, head);
    const html = (status: number, body: string) => send(res, status, "text/html; charset=utf-8", body, head);
    if (!allowedHost(req.headers.host)) return send(res, 421, "text/plain; charset=utf-8", `This server answers on http://${host}:${port}/ only.\n`, head);
    if (await tooljump.handle(req, res, new URL(req.url ?? "/", `http://${host}:${port}`))) return;
    if (req.method !== "GET" && !head) {
      res.setHeader("allow", "GET, HEAD");
      return send(res, 405, "text/plain; charset=utf-8", "Only GET and HEAD are served.\n", head);
    }
    const url = new URL(req.url ?? "/", `http://${host}:${port}`);
    const path = url.pathname;
    const isApi = path.startsWith("/api/");
    if (path === "/") return html(200, renderIndexPage(mode, services, catalog.source, { q: url.searchParams.get("q"), page: url.searchParams.get("page") }));
    if (path === "/assets/page.css") return send(res, 200, "text/css; charset=utf-8", PAGE_CSS, head);
    if (path === "/assets/icon.svg") return send(res, 200, "image/svg+xml", ICON_SVG, head);
    if (path === "/api/services") return json(200, { catalog: catalog.source, services });

    const match = /^\/(?:api\/)?services\/([^/]+)$/.exec(path);
    if (!match) {
      return isApi
        ? json(404, { ok: false, error: { name: "NotFound", message: `No route ${path}.`, fix: "Use /api/services or /api/services/<name>." } })
        : html(404, renderErrorPage(mode, services, "Not found", `There is no page at ${path}.`, "Choose a service from the list."));
    }
    let name: string;
    try {
      name = decodeURIComponent(match[1]!);
    } catch {
      name = match[1]!;
    }
    const service = catalog.services.find((s) => s.name === name);
    if (!service) {
      const message = `Service "${name}" is not in the catalog (${catalog.source}).`;
      const fix = unknownServiceFix(catalog, name);
      return isApi ? json(404, { ok: false, error: { name: "NotFound", message, fix } }) : html(404, renderErrorPage(mode, services, "Unknown service", message, fix));
    }
    let query;
    try {
      query = serviceQuery(service, url.searchParams.get("env"), url.searchParams.get("since"));
    } catch (error) {
      if (!InvalidInputError.isInstance(error)) throw error;
      return isApi ? json(400, { ok: false, error: errorJson(error) }) : html(400, renderErrorPage(mode, services, "Cannot show this window", error.message, error.fix, service.name));
    }
    // A browser that goes away (or Ctrl-C) cancels the tools' calls made for it.
    const controller = new AbortController();
    inflight.add(controller);
    res.once("close", () => controller.abort(new Error("client went away")));
    try {
      const view = await loadServiceView(providers, query, options.now(), controller.signal);
      if (isApi) return json(200, { ok: true, ...view });
      return html(200, renderServicePage(view, services, url.searchParams.get("q")));
    } finally {
      inflight.delete(controller);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const summary = ToolweaveError.isInstance(error) ? errorJson(error) : { name: "Error", message: (error as Error)?.message ?? String(error) };
      const isApi = (req.url ?? "").startsWith("/api/");
      if (isApi) sendJson(res, 500, { schemaVersion: options.schemaVersion, mode, ok: false, error: summary }, req.method === "HEAD");
      else send(res, 500, "text/html; charset=utf-8", renderErrorPage(mode, services, "Something failed", String(summary.message), ToolweaveError.isInstance(error) ? error.fix : undefined), req.method === "HEAD");
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const controller of inflight) controller.abort(new Error("server stopping"));
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
