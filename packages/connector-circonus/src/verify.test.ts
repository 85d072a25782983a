import { useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { APP, testClient, url } from "./test-utils.js";

const { server } = useMswServer();
/** Both identity calls refused with `status`. */
const bothAnswer = (body: object, status: number) =>
  server.use(...["/account/current", "/user/current"].map((path) => http.get(url(path), () => HttpResponse.json(body, { status }))));

describe("verify()", () => {
  it("reports account, user, approval, declared kind and privilege", async () => {
    server.use(
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
      http.get(url("/user/current"), () => HttpResponse.json(fx.userCurrent)),
    );
    const report = await testClient({ tokenKind: "user", privilege: "read-only", tokenCreatedAt: new Date() }).verify();
    expect(report).toMatchObject({
      provider: "circonus",
      ok: true,
      identity: "gordon.robinson@example.com @ example-ops",
      credential: { kind: "user", privilege: "read-only", masked: "****5ec7" },
      details: {
        appName: APP,
        appApproved: true,
        account: { cid: "/account/1234", name: "example-ops", uiBaseUrl: "https://example-ops.circonus.com/" },
        user: { cid: "/user/42", email: "gordon.robinson@example.com", role: "Admin" },
      },
    });
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName["app approved"]!.ok).toBe(true);
    expect(byName.account!.detail).toContain("example-ops");
    expect(byName.user!.detail).toContain("Gordon Robinson");
    expect(byName.privilege!.detail).toMatch(/Declared read-only; the owner's account role is Admin/);
    expect(byName.rotation!.ok).toBe(true);
  });

  it("reports a pending app (401) with where to approve it, keeping the 401's kind and status", async () => {
    bothAnswer(fx.errors.notApproved, 401);
    const report = await testClient().verify();
    expect(report.ok).toBe(false);
    expect(report.details).toMatchObject({ appApproved: false });
    const check = report.checks.find((c) => c.name === "app approved")!;
    expect(check).toMatchObject({ ok: false, kind: "authentication", status: 401 });
    expect(check.fix).toMatch(/Integrations → API Tokens/);
    // A 401 is also what a missing token or app header gets (map-error.ts): the fix says to check both.
    expect(check.fix).toMatch(/CIRCONUS_API_TOKEN and CIRCONUS_API_APP are both set/);
    expect(report.credential.kind).toBe("unknown");
  });

  it("reports a bad token (403 BadToken)", async () => {
    bothAnswer(fx.errors.forbiddenBadToken, 403);
    const report = await testClient().verify();
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.name === "token accepted")!;
    expect(check.ok).toBe(false);
    expect(check.fix).toMatch(/CIRCONUS_API_TOKEN/);
  });

  it("flags a declared privilege above the owner's role", async () => {
    server.use(
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
      http.get(url("/user/current"), () => HttpResponse.json({ ...fx.userCurrent, _cid: "/user/57" })),
    );
    const report = await testClient({ privilege: "admin" }).verify();
    const check = report.checks.find((c) => c.name === "privilege")!;
    expect(check.ok).toBe(false);
    expect(check.fix).toMatch(/read only/);
  });
});
