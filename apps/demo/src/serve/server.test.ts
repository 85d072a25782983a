import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { setupProviders, type Providers } from "../providers.js";
import { isLoopbackHost, startServeServer, type ServeServer } from "./server.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");

/** A plain node:http request, so the Host header can be anything (as a rebinding page would send). */
function get(url: string, init: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", ...(init.host ? { headers: { host: init.host } } : {}) }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serve's HTTP server on the simulated world", () => {
  let providers: Providers;
  let server: ServeServer;
  beforeAll(async () => {
    providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW });
    server = await startServeServer({ providers, catalog: SIMULATED_CATALOG, port: 0, now: () => NOW, schemaVersion: 2 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await providers?.close();
  });

  it("listens on loopback and serves the service list with a strict CSP and no external asset", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(server.url);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["content-security-policy"]).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    for (const s of SIMULATED_CATALOG.services) expect(r.body).toContain(`<a href="/services/${s.name}">${s.name}</a>`);
    expect(r.body).toContain("Simulated data.");
    // Everything the page loads is on this server.
    for (const [, ref] of r.body.matchAll(/(?:href|src)="([^"#]+)"/g)) expect(ref).toMatch(/^\//);
    expect((await get(`${server.url}assets/page.css`)).headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("answers the same data as JSON", async () => {
    const list = JSON.parse((await get(`${server.url}api/services`)).body);
    expect(list).toMatchObject({ schemaVersion: 2, mode: "simulated", catalog: SIMULATED_CATALOG.source });
    expect(list.services.map((s: { name: string }) => s.name)).toEqual(SIMULATED_CATALOG.services.map((s) => s.name));
    const r = await get(`${server.url}api/services/checkout?env=prod&since=6h`);
    expect(r.status).toBe(200);
    const view = JSON.parse(r.body);
    expect(view).toMatchObject({ ok: true, mode: "simulated", env: "prod", since: "6h", service: { name: "checkout" } });
    expect(view.timeline).toMatchObject({ keys: { service: "checkout", env: "prod" }, since: "2026-11-25T06:00:00.000Z", until: "2026-11-25T12:00:00.000Z" });
    expect(view.providers.map((p: { id: string }) => p.id)).toEqual(["circleci", "circonus"]);
    // The two alerts still open in prod have no suspect deploy, and the JSON says so (not left to be inferred).
    expect(view.alertsWithoutSuspect).toEqual([
      { alertId: expect.any(String), alertProvider: "circonus", env: "prod", open: true },
      { alertId: expect.any(String), alertProvider: "circonus", env: "prod", open: true },
    ]);
  }, 60_000);

  it("says what to do about an unknown service, env or window (HTML and JSON)", async () => {
    const page = await get(`${server.url}services/nope`);
    expect(page.status).toBe(404);
    expect(page.body).toContain("Service &quot;nope&quot; is not in the catalog");
    const api = await get(`${server.url}api/services/nope`);
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body).error.fix).toMatch(/^Use one of: checkout/);
    const env = await get(`${server.url}api/services/checkout?env=qa`);
    expect(env.status).toBe(400);
    expect(JSON.parse(env.body).error).toMatchObject({ message: expect.stringMatching(/^Service "checkout" has no environment "qa"\./), fix: "Use one of: staging, prod, or leave env out for all of them." });
    const since = await get(`${server.url}services/checkout?since=forever`);
    expect(since.status).toBe(400);
    expect(since.body).toContain("like 90m, 24h or 7d (got &quot;forever&quot;).</p><p><strong>Fix:</strong> Use one of 6h, 24h, 3d, 7d");
    expect((await get(`${server.url}api/services/checkout?since=31d`)).status).toBe(400);
    expect((await get(`${server.url}nowhere`)).status).toBe(404);
  });

  it("refuses other methods and requests addressed to another host (DNS rebinding)", async () => {
    const post = await get(server.url, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    expect((await get(server.url, { host: "evil.example" })).status).toBe(421);
    expect((await get(server.url, { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get(server.url, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it("knows loopback hosts", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "192.168.1.2", "example.com"].some(isLoopbackHost)).toBe(false);
  });
});
