import { http, HttpResponse, type RequestHandler } from "msw";
import type { SetupServer } from "msw/node";
import { expect, it } from "vitest";
import type { PageKind, PageReader } from "./page-focus.js";
import type { RuntimeSettings } from "./runtime-settings.js";

/** The `pages` case of the conformance suite (see `ConformanceOptions.pages`). */
export interface PageReaderConformanceCase<C> {
  /** The connector id every focus must carry as `provider`. */
  provider: string;
  /** The client's page reader (`client.correlator.pages`). */
  reader(client: C): PageReader;
  /** Pages of the tool's web app and what each is; every page kind the connector reads should be listed once. */
  pages: readonly { url: string; kind: PageKind }[];
  /** msw handlers for every lookup reading those pages makes (and for learning the web origin, if the connector must). */
  handlers(baseUrl: string): RequestHandler[];
}

/**
 * Holds a connector's page reader to the contract every reader keeps: `origins()` never
 * rejects; a foreign host is `undefined`; an unknown path on the tool's host is `{ ok: false }`
 * with a reason; a malformed percent-escape never throws; the focus's `url` keeps no query
 * string, fragment or credentials; a lookup that fails is an incomplete part, never a
 * rejection; and the canary secret appears nowhere in a reading.
 */
export function runPageReaderConformance<C>(args: {
  server: SetupServer;
  baseUrl: string;
  secret: string;
  make(runtime?: RuntimeSettings): C;
  pages: PageReaderConformanceCase<C> | undefined;
  expectNoCanary(value: unknown, where: string): void;
}): void {
  const { pages, server } = args;
  if (!pages) return;
  const reader = () => pages.reader(args.make());

  it("pages: reads each listed page of its web app into a focus of that kind, without query, fragment or credentials", async () => {
    server.use(...pages.handlers(args.baseUrl));
    const r = reader();
    const origins = await r.origins();
    expect(origins.length, "origins() lists the web app's origin").toBeGreaterThan(0);
    for (const origin of origins) expect(new URL(origin).origin).toBe(origin);
    for (const page of pages.pages) {
      const url = new URL(page.url);
      url.username = "someone";
      url.password = args.secret;
      url.search = `?circle-token=${encodeURIComponent(args.secret)}`;
      url.hash = "#section";
      const reading = await r.read(url);
      expect(reading, `${page.url} is read`).toBeDefined();
      expect(reading!.ok, `${page.url}: ${reading!.ok ? "" : reading!.reason}`).toBe(true);
      if (!reading!.ok) continue;
      expect(reading!.focus).toMatchObject({ provider: pages.provider, kind: page.kind });
      expect(reading!.focus.url).not.toMatch(/[?#@]/);
      expect(reading!.focus.label.length).toBeGreaterThan(0);
      args.expectNoCanary(reading, `the reading of ${page.url}`);
    }
  });

  it("pages: a foreign host is not its page, an unknown path says why, a malformed escape never throws", async () => {
    server.use(...pages.handlers(args.baseUrl));
    const r = reader();
    const [origin] = await r.origins();
    expect(await r.read(new URL("https://elsewhere.invalid/pipelines/1"))).toBeUndefined();
    const unknown = await r.read(new URL(`${origin}/toolweave-conformance/not-a-page`));
    expect(unknown && !unknown.ok && unknown.reason.length > 0, "an unknown page gives { ok: false, reason }").toBe(true);
    for (const page of pages.pages) {
      const broken = new URL(page.url);
      broken.pathname += "/%E0%A4%A";
      await expect(r.read(broken)).resolves.not.toThrow();
    }
  });

  it("pages: a lookup the server refuses is an incomplete part, never a rejection", async () => {
    // Only the origin learning (if any) is answered: every other request fails with 500.
    server.use(...pages.handlers(args.baseUrl));
    const r = reader();
    await r.origins();
    server.use(http.all(`${args.baseUrl.replace(/\/+$/, "")}/*`, () => HttpResponse.json({ message: "internal error" }, { status: 500 })));
    for (const page of pages.pages) {
      const reading = await r.read(new URL(page.url));
      expect(reading?.ok, page.url).toBe(true);
      if (reading?.ok) {
        for (const part of reading.incomplete) expect(part.lookup.length).toBeGreaterThan(0);
        args.expectNoCanary(reading, `the reading of ${page.url} with a failing server`);
      }
    }
  });
}
