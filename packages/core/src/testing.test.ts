// Runs the conformance suite against a minimal connector built only from core's runtime,
// so the suite itself is proven before connectors rely on it.
import { http, HttpResponse } from "msw";
import { z } from "zod";
import { runConformanceSuite } from "./testing.js";
import type { FindResult, ResourceRef } from "./correlator.js";
import type { CorrelationKeys } from "./correlation-keys.js";
import { incompletePart } from "./incomplete-part.js";
import { createConnectorHttpClient } from "./create-connector-http-client.js";
import { paginate } from "./paginate.js";
import { Secret } from "./secret.js";
import type { RuntimeSettings } from "./runtime-settings.js";
import { encodePath } from "./http/encode-path.js";
import { buildVerifyReport, failedCheck, rotationCheck } from "./verify-report.js";
import type { VerifyCheck } from "./connector.js";

const itemSchema = z.object({ id: z.string(), name: z.string() });
const pageSchema = z.object({ items: z.array(itemSchema), next_page_token: z.string().nullable().optional() });

function createExample(settings: { baseUrl: string; token: string; expiresAt?: Date } & RuntimeSettings) {
  const token = Secret.from(settings.token, { label: "EXAMPLE_TOKEN" });
  const { baseUrl, token: _token, expiresAt: _expiresAt, ...runtime } = settings;
  // Core passes every runtime setting on (the suite checks each one reaches the client).
  const http = createConnectorHttpClient({
    provider: "example",
    displayName: "Example",
    baseUrl,
    authenticate: (headers) => headers.set("x-example-token", token.reveal()),
    product: "toolweave-example/1.0.0",
    runtime,
  });
  const listAll = () =>
    paginate({
      operation: "listItems",
      maxPages: settings.maxPages ?? 1000,
      fetchPage: (cursor: string | undefined) => http.get({ operation: "listItems", path: "/items", query: { "page-token": cursor }, schema: pageSchema }),
      items: (p) => p.items,
      nextCursor: (p) => p.next_page_token,
    }).toArray();
  /** Lists items named after the service, then reads each one's owner: one failed read is reported, not dropped. */
  const find = async (keys: CorrelationKeys): Promise<FindResult> => {
    const items = (await listAll()).filter((i) => i.name.startsWith(keys.service));
    const result: FindResult = { resources: [], incomplete: [] };
    for (const item of items) {
      try {
        const owner = await http.get({ operation: "getOwner", path: encodePath`/items/${item.id}/owner`, schema: itemSchema });
        const ref: ResourceRef = { provider: "example", kind: "item", id: item.id, name: item.name, keys: { service: keys.service, team: owner.name } };
        result.resources.push(ref);
      } catch (error) {
        result.incomplete.push(incompletePart(`owner of item ${item.id}`, error));
      }
    }
    return result;
  };
  const credential = { provider: "example", kind: "api-token", secret: token, ...(settings.expiresAt ? { expiresAt: settings.expiresAt } : {}) };
  const verify = async (options: { signal?: AbortSignal } = {}) => {
    const checks: VerifyCheck[] = [];
    try {
      const user = await http.get({ operation: "me", path: "/me", schema: itemSchema, ...(options.signal ? { signal: options.signal } : {}) });
      checks.push({ name: "token", ok: true, detail: `Acts as ${user.name}.` });
    } catch (error) {
      checks.push(failedCheck("token", error));
    }
    checks.push(rotationCheck(credential, { variable: "EXAMPLE_TOKEN", fix: "Create a new token." }));
    return buildVerifyReport({ provider: "example", credential, checks });
  };
  return {
    token,
    find,
    verify,
    me: (signal?: AbortSignal) => http.get({ operation: "me", path: "/me", schema: itemSchema, ...(signal ? { signal } : {}) }),
    list: listAll,
  };
}

const SECRET = "EXAMPLE_canary_5f0e9d8c7b6a5f4e3d2c1b0a";

runConformanceSuite({
  name: "Example connector",
  baseUrl: "https://example.conformance.test/api",
  secret: SECRET,
  create: ({ baseUrl, secret, runtime }) => createExample({ baseUrl, token: secret, ...runtime }),
  authHeaders: { "x-example-token": SECRET },
  get: { path: "/me", body: { id: "u1", name: "Ada" }, driftBody: { id: 1 }, call: (client, signal) => client.me(signal) },
  list: {
    path: "/items",
    call: (client) => client.list(),
    loopingPage: () => ({ body: { items: [{ id: "1", name: "a" }], next_page_token: "same-token" } }),
  },
  partialFind: {
    keys: { service: "checkout" },
    handlers: (base) => [
      http.get(`${base}/items`, () => HttpResponse.json({ items: [{ id: "1", name: "checkout-api" }, { id: "2", name: "checkout-web" }], next_page_token: null })),
      http.get(`${base}/items/1/owner`, () => HttpResponse.json({ id: "t1", name: "payments" })),
      http.get(`${base}/items/2/owner`, () => HttpResponse.json({ message: "unavailable" }, { status: 503 })),
    ],
    call: (client, keys) => client.find(keys),
    lookup: /^owner of item 2$/,
  },
  oddIdentifiers: {
    keys: { service: "checkout" },
    handlers: (base, id) => [
      http.get(`${base}/items`, () => HttpResponse.json({ items: [{ id, name: "checkout-api" }], next_page_token: null })),
      // Any owner path: the odd id is one encoded segment.
      http.get(`${base}/items/*`, () => HttpResponse.json({ id: "t1", name: id })),
    ],
    find: (client, keys) => client.find(keys),
  },
  verify: {
    handlers: (base) => [http.get(`${base}/me`, () => HttpResponse.json({ id: "u1", name: "Ada" }))],
    create: ({ baseUrl, secret, runtime, expiresAt }) => createExample({ baseUrl, token: secret, ...(expiresAt ? { expiresAt } : {}), ...runtime }),
    call: (client, options) => client.verify(options),
  },
});
