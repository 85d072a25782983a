import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { setupProviders, type Providers } from "../providers.js";
import { startServeServer, type ServeServer } from "../serve/server.js";
import { ConfigResponseSchema, ContextResponseSchema, type ToolJumpResult } from "./protocol.js";

// The ToolJump routes as `serve` mounts them, answering from the real hub (resolve + insights)
// on the simulated world: what ToolJump's extension and the context bar get, checked against
// the protocol's shapes. (context-contract.test.ts covers the protocol's edges with a fake hub.)

const NOW = Date.parse("2026-11-25T12:00:00Z");
const CIRCLECI = "https://app.circleci.simulated.invalid";
const CIRCONUS = "https://acme-sim.circonus.simulated.invalid";

describe("serve's POST /context on the simulated world", () => {
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

  async function context(body: Record<string, unknown>): Promise<ToolJumpResult[]> {
    const response = await fetch(new URL("/context", server.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    const parsed = ContextResponseSchema.safeParse(await response.json());
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
    const answer = parsed.data as { data: ToolJumpResult[] };
    return answer.data;
  }
  const line = (r: ToolJumpResult) => `${r.type}|${r.status ?? ""}|${r.content}`;

  it("a GitHub repository context: open alerts (none with a suspect), last deploy per env, the latest build", async () => {
    const data = await context({ type: "github", url: "https://github.com/acme/checkout", page: { name: "repository", repository: "acme/checkout", section: { name: "code" } } });
    expect(line(data[0]!)).toBe("dropdown|important|2 alerts open now (no suspect deploy)");
    expect(data.map(line)).toEqual(expect.arrayContaining([expect.stringMatching(/^dropdown\|none\|prod: [0-9a-f]{7} deployed \d+ h ago$/), expect.stringMatching(/^link\|.*\|Latest build: pipeline #\d+ on main: /)]));
  });

  it("a CircleCI pipeline page (generic context): the suspect deploy's alert; an alert page: its suspect and the rollback", async () => {
    const pipeline = await context({ type: "generic", url: `${CIRCLECI}/pipelines/github/acme/checkout/1043` });
    expect(pipeline.map(line)).toEqual(["dropdown|important|1 alert opened in prod within 60 min after this deploy went live: it is a suspect"]);
    const alertUrl = (pipeline[0] as { items: { href: string }[] }).items[0]!.href;
    expect(alertUrl).toMatch(new RegExp(`^${CIRCONUS}/fault-detection/alerts/\\d+$`));
    const alert = await context({ type: "generic", url: alertUrl });
    expect(alert.map(line)).toEqual([
      expect.stringMatching(/^dropdown\|important\|Suspect: [0-9a-f]{7} deployed to prod 12 min before this alert opened$/),
      expect.stringMatching(/^dropdown\|success\|Rolled back: [0-9a-f]{7} went live in prod again at 2026-11-25 02:35 UTC$/),
    ]);
    // Circonus has no icon in the extension (an unknown one is a broken image); CircleCI's is used.
    expect(alert[0]).toMatchObject({ icon: "circleci" });
  });

  it("a page of no tool: one line saying why, never an empty answer", async () => {
    const data = await context({ type: "generic", url: "https://example.org/acme/checkout" });
    expect(data.map(line)).toEqual([expect.stringMatching(/^text\|relevant\|toolweave: not a page I know: example\.org is none of the sites toolweave reads/)]);
  });

  it("GET /config lists the simulated web apps as the sites to run on", async () => {
    const parsed = ConfigResponseSchema.parse(await (await fetch(new URL("/config", server.url))).json());
    expect(parsed.customDomains).toEqual(expect.arrayContaining([CIRCLECI, CIRCONUS]));
  });
});
