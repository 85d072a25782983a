import { afterAll, beforeAll, expect, it } from "vitest";
import { CIRCLECI_TOKEN, createTestServer, type TestServer } from "./index.js";

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ rateLimit: { requestsPerSecond: 5, retryAfterSeconds: 2 } });
});
afterAll(() => server.close());

it("answers 429 with Retry-After beyond N requests per second, per provider, and counts everything", async () => {
  const get = () => fetch(`${server.circleciBaseUrl}/me`, { headers: { "circle-token": CIRCLECI_TOKEN } });
  const responses = await Promise.all(Array.from({ length: 8 }, get));
  const statuses = responses.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  expect(responses.find((r) => r.status === 429)!.headers.get("retry-after")).toBe("2");
  await Promise.all(responses.map((r) => r.text()));
  expect(server.counters.rateLimited.circleci).toBe(3);
  expect(server.counters.byProvider.circleci).toBe(8);
  expect(server.requests.every((r) => r.headers["circle-token"] === CIRCLECI_TOKEN)).toBe(true);
});

it("refuses a wrong credential with 401", async () => {
  const response = await fetch(`${server.circonusBaseUrl}/account/current`, { headers: { "x-circonus-auth-token": "nope", "x-circonus-app-name": "x" } });
  expect(response.status).toBe(401);
  await response.text();
});
