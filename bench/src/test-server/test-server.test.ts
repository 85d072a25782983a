import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { CIRCLECI_TOKEN, createTestServer, type TestServer } from "./index.js";

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ rateLimit: { requestsPerSecond: 5, retryAfterSeconds: 2 } });
});
afterAll(() => server.close());

it("answers 429 with Retry-After beyond N requests per second, per provider, and counts everything", async () => {
  const get = () => fetch(`${server.circleciBaseUrl}/me`, { headers: { "circle-token": CIRCLECI_TOKEN } });
  // The limiter's clock (Date.now) stands still, so the 8 requests fall in one second however
  // long a loaded machine takes to deliver them (in real time they could spread over more than
  // a second, and then more than 5 would be let through). Only Date is faked: sockets and
  // timers run as usual.
  vi.useFakeTimers({ toFake: ["Date"] });
  let responses: Response[];
  try {
    responses = await Promise.all(Array.from({ length: 8 }, get));
  } finally {
    vi.useRealTimers();
  }
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
