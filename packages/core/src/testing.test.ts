// Runs the conformance suite against a minimal connector built only from core's runtime,
// so the suite itself is proven before connectors rely on it.
import { z } from "zod";
import { runConformanceSuite } from "./testing.js";
import { createHttpClient } from "./http/http-client.js";
import { paginate } from "./paginate.js";
import { Secret } from "./secret.js";
import type { RuntimeSettings } from "./runtime-settings.js";

const itemSchema = z.object({ id: z.string(), name: z.string() });
const pageSchema = z.object({ items: z.array(itemSchema), next_page_token: z.string().nullable().optional() });

function createExample(settings: { baseUrl: string; token: string } & RuntimeSettings) {
  const token = Secret.from(settings.token, { label: "EXAMPLE_TOKEN" });
  const http = createHttpClient({
    provider: "example",
    displayName: "Example",
    baseUrl: settings.baseUrl,
    authenticate: (headers) => headers.set("x-example-token", token.reveal()),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry !== undefined ? { retry: settings.retry } : {}),
    ...(settings.throttle !== undefined ? { throttle: settings.throttle } : {}),
    ...(settings.hooks ? { hooks: settings.hooks } : {}),
  });
  return {
    token,
    me: (signal?: AbortSignal) => http.get({ operation: "me", path: "/me", schema: itemSchema, ...(signal ? { signal } : {}) }),
    list: () =>
      paginate({
        operation: "listItems",
        maxPages: settings.maxPages ?? 1000,
        fetchPage: (cursor: string | undefined) => http.get({ operation: "listItems", path: "/items", query: { "page-token": cursor }, schema: pageSchema }),
        items: (p) => p.items,
        nextCursor: (p) => p.next_page_token,
      }).toArray(),
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
});
