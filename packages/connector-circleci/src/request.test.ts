import { useMswServer } from "@toolweave/core/testing";
import { InvalidInputError, NotFoundError, encodePath } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { BASE, TOKEN, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();

describe("request(): endpoints the connector does not wrap", () => {
  it("calls a schedule endpoint through the same runtime: token header, User-Agent, schema, typed errors", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/schedule`, () =>
        HttpResponse.json({ items: [{ id: "3f1c0a8e-2b7d-4c6e-9a1f-5d2e8b7c6a41", name: "nightly", timetable: { per_hour: 1 } }], next_page_token: null }),
      ),
    );
    const schedules = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })), next_page_token: z.string().nullable() });
    const response = await testClient({ userAgent: "acme-portal/2.3" }).request({ path: encodePath`project/${"gh"}/${"acme"}/${"checkout"}/schedule`, schema: schedules });
    expect(response.data.items.map((s) => s.name)).toEqual(["nightly"]);
    expect(requests[0]!.headers.get("circle-token")).toBe(TOKEN);
    expect(requests[0]!.headers.get("user-agent")).toMatch(/^toolweave-circleci\/\S+ acme-portal\/2\.3$/);
  });

  it("maps errors like any operation (404 → NotFoundError, redacted)", async () => {
    server.use(http.get(`${BASE}/project/gh/acme/nope/schedule`, () => HttpResponse.json({ message: "Project not found" }, { status: 404 })));
    const error = await testClient().request({ path: "project/gh/acme/nope/schedule" }).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it("refuses a path that would send the token elsewhere, before sending", async () => {
    for (const path of ["https://evil.example/api/v2/me", "../../v1.1/me", "//evil.example/x"]) {
      const error = await testClient().request({ path }).catch((e: unknown) => e);
      expect(InvalidInputError.isInstance(error)).toBe(true);
    }
    expect(requests).toHaveLength(0);
  });
});
