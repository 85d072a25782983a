import { useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { InvalidInputError, PermissionError, ServiceError } from "@toolweave/core";
import { TOKEN, testClient, url } from "./test-utils.js";

const { server } = useMswServer();

/** Counts the requests msw sees (handled or not) while `run` runs. */
async function counting<T>(run: () => Promise<T>): Promise<{ result: T | unknown; requests: number }> {
  let requests = 0;
  const count = () => void (requests += 1);
  server.events.on("request:start", count);
  try {
    const result = await run().catch((e: unknown) => e);
    return { result, requests };
  } finally {
    server.events.removeListener("request:start", count);
  }
}

describe("deleteAnnotation", () => {
  it("sends DELETE /annotation/<id> for an id or a CID, with the token, and resolves with the CID", async () => {
    const seen: { method: string; path: string; token: string | null }[] = [];
    server.use(
      http.delete(url("/annotation/:id"), ({ request }) => {
        seen.push({ method: request.method, path: new URL(request.url).pathname, token: request.headers.get("x-circonus-auth-token") });
        // Circonus answers 200 with an empty body (some clients also accept 204).
        return seen.length === 1 ? new HttpResponse(null, { status: 200 }) : new HttpResponse(null, { status: 204 });
      }),
    );
    const client = testClient({ privilege: "normal" });
    expect(await client.deleteAnnotation("/annotation/1012")).toEqual({ cid: "/annotation/1012", alreadyGone: false });
    expect(await client.deleteAnnotation(1013)).toEqual({ cid: "/annotation/1013", alreadyGone: false });
    expect(seen).toEqual([
      { method: "DELETE", path: "/v2/annotation/1012", token: TOKEN },
      { method: "DELETE", path: "/v2/annotation/1013", token: TOKEN },
    ]);
  });

  it("a 404 means the annotation is already gone: resolves with alreadyGone, does not throw", async () => {
    server.use(http.delete(url("/annotation/1012"), () => HttpResponse.json({ code: "NotFound", message: "No such annotation" }, { status: 404 })));
    expect(await testClient().deleteAnnotation("/annotation/1012")).toEqual({ cid: "/annotation/1012", alreadyGone: true });
  });

  it("is retried like a read (DELETE is idempotent); a 404 after the retry means the first attempt deleted it", async () => {
    let calls = 0;
    server.use(
      http.delete(url("/annotation/1012"), () => {
        calls += 1;
        // The first attempt deleted it, but its answer was lost behind a 503.
        return calls === 1 ? HttpResponse.json({ message: "unavailable" }, { status: 503 }) : HttpResponse.json({ code: "NotFound", message: "No such annotation" }, { status: 404 });
      }),
    );
    expect(await testClient().deleteAnnotation(1012)).toEqual({ cid: "/annotation/1012", alreadyGone: true });
    expect(calls).toBe(2);
  });

  it("does not repeat a failure that is not safe to repeat (HTTP 500), and throws it", async () => {
    let calls = 0;
    server.use(
      http.delete(url("/annotation/1012"), () => {
        calls += 1;
        return HttpResponse.json({ code: "InternalError", message: "boom" }, { status: 500 });
      }),
    );
    const error = await testClient().deleteAnnotation(1012).catch((e: unknown) => e);
    expect(ServiceError.isInstance(error), String(error)).toBe(true);
    expect(calls).toBe(1);
  });

  it("is refused before any request with a read-only token", async () => {
    const { result, requests } = await counting(() => testClient({ privilege: "read-only" }).deleteAnnotation("/annotation/1012"));
    expect(requests).toBe(0);
    expect(PermissionError.isInstance(result)).toBe(true);
    expect((result as PermissionError).message).toMatch(/deleteAnnotation: refused before sending, because the token is declared read-only/);
    expect((result as PermissionError).fix).toMatch(/CIRCONUS_API_TOKEN_PRIVILEGE/);
  });

  it.each([["/check_bundle/1"], ["abc"], [Number.NaN], [-1], [".."], [{} as unknown as string]])("refuses %j before any request", async (cid) => {
    const { result, requests } = await counting(() => testClient().deleteAnnotation(cid));
    expect(requests).toBe(0);
    expect(InvalidInputError.isInstance(result), String(result)).toBe(true);
  });

  it("refuses options that are not { signal }", async () => {
    const { result, requests } = await counting(() => testClient().deleteAnnotation(1012, 5 as unknown as { signal?: AbortSignal }));
    expect(requests).toBe(0);
    expect(InvalidInputError.isInstance(result)).toBe(true);
  });
});
