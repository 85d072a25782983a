import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "../catalog.js";
import { setupProviders, type Providers } from "../providers.js";
import { startServeServer, type ServeServer } from "./server.js";

// `serve` on a 10,000-service catalog: the side list and the start page show a search and one
// page of matches, so a page's size does not grow with the catalog (it was 907 KB a page).

const NOW = Date.parse("2026-11-25T12:00:00Z");
const COUNT = 10_000;
const catalog: Catalog = parseCatalog(
  { services: Array.from({ length: COUNT }, (_, i) => ({ name: `svc-${i}`, repo: `gh/acme/svc-${i}`, envs: ["staging", "prod"], team: `team-${i % 40}` })) },
  "generated catalog",
);

function get(url: string): Promise<{ status: number; body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString("utf8"), bytes: Buffer.concat(chunks).length }));
    })
      .on("error", reject)
      .end();
  });
}

const navLinks = (body: string) => /<nav class="services"[^]*?<\/nav>/.exec(body)?.[0].match(/<a href="\/services\//g)?.length ?? 0;

describe(`serve with a ${COUNT}-service catalog`, () => {
  let providers: Providers;
  let server: ServeServer;
  beforeAll(async () => {
    providers = await setupProviders({ env: {}, simulated: true, catalog, now: NOW });
    server = await startServeServer({ providers, catalog, port: 0, now: () => NOW, schemaVersion: 2 });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await providers?.close();
  });

  it("serves a small start page: a search and one page of services, with the next page a link away", async () => {
    const r = await get(server.url);
    expect(r.status).toBe(200);
    expect(r.bytes).toBeLessThan(40_000);
    expect(r.body).toContain('<form method="get" action="/" role="search">');
    expect(r.body).toContain(`${COUNT - 50} more: refine the search.`);
    expect(r.body.match(/<th scope="row"><a href="\/services\//g)).toHaveLength(50);
    expect(r.body).toContain('<a href="/?page=2" rel="next">');
    const last = await get(`${server.url}?page=200`);
    expect(last.body).toContain('<th scope="row"><a href="/services/svc-9999">svc-9999</a></th>');
  }, 60_000);

  it("finds services by name, team or project with ?q=, on the start page and in the side list", async () => {
    const r = await get(`${server.url}?q=svc-999`);
    expect(r.bytes).toBeLessThan(40_000);
    // svc-999 and svc-9990 … svc-9999.
    expect(r.body.match(/<th scope="row"><a href="\/services\//g)).toHaveLength(11);
    expect(navLinks(r.body)).toBe(11);
    expect(r.body).not.toContain("more: refine the search");
    const none = await get(`${server.url}?q=nothing-like-it`);
    expect(none.body).toContain("No service matches “nothing-like-it”.");
  }, 60_000);

  it("serves a service page whose side list holds at most 50 services (and the one shown), whatever the catalog's size", async () => {
    const r = await get(`${server.url}services/svc-9999?env=prod&since=6h`);
    expect(r.status).toBe(200);
    expect(r.bytes).toBeLessThan(120_000);
    expect(navLinks(r.body)).toBeLessThanOrEqual(51);
    expect(r.body).toContain('<a href="/services/svc-9999" aria-current="page">');
    // The side list's search stays on the page, keeping its env and window.
    expect(r.body).toMatch(/<form method="get" action="\/services\/svc-9999" role="search">.*<input type="hidden" name="env" value="prod"><input type="hidden" name="since" value="6h">/);
    const searched = await get(`${server.url}services/svc-9999?q=team-7`);
    expect(navLinks(searched.body)).toBeLessThanOrEqual(51);
    expect(searched.body).toContain("more: refine the search.");
  }, 60_000);

  it("answers an unknown service without listing the catalog in the fix", async () => {
    const r = await get(`${server.url}services/svc-x`);
    expect(r.status).toBe(404);
    expect(r.bytes).toBeLessThan(40_000);
    expect(r.body).toContain("Find it on the start page: /?q=svc-x");
  }, 60_000);
});
