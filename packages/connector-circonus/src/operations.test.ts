import { useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { InvalidInputError, InvalidResponseError, PaginationLimitError, PermissionError, RateLimitedError } from "@toolweave/core";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { APP, TOKEN, testClient, url } from "./test-utils.js";

const { server } = useMswServer();

/** Records every request the server sees. */
function recorder() {
  const seen: Request[] = [];
  return { seen, track: (request: Request) => void seen.push(request.clone()) };
}

const params = (request: Request) => new URL(request.url).searchParams;

describe("request headers", () => {
  it("sends the token, app name and Accept on every request", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/account/current"), ({ request }) => {
        track(request);
        return HttpResponse.json(fx.accountCurrent);
      }),
    );
    await testClient().getAccount();
    const h = seen[0]!.headers;
    expect(h.get("x-circonus-auth-token")).toBe(TOKEN);
    expect(h.get("x-circonus-app-name")).toBe(APP);
    expect(h.get("accept")).toBe("application/json");
    expect(h.get("cache-control")).toBe("no-store");
  });
});

describe("single-object operations", () => {
  it("getAccount parses the account, including null optional fields", async () => {
    server.use(http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)));
    const account = await testClient().getAccount();
    expect(account._cid).toBe("/account/1234");
    expect(account._ui_base_url).toBe("https://example-ops.circonus.com/");
    expect("cc_email" in account).toBe(false); // not used → stripped by the lenient schema
    expect(account.default_dashboard_type).toBeNull();
    expect(account.users?.map((u) => u.role)).toEqual(["Admin", "Normal", "Read Only"]);
  });

  it("getCurrentUser parses the user", async () => {
    server.use(http.get(url("/user/current"), () => HttpResponse.json(fx.userCurrent)));
    const user = await testClient().getCurrentUser();
    expect(user).toMatchObject({ _cid: "/user/42", email: "gordon.robinson@example.com", contact_info: { sms: "2008675309" } });
  });

  it("getCheckBundle accepts a CID or an id and encodes it", async () => {
    const paths: string[] = [];
    server.use(
      http.get(url("/check_bundle/:id"), ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(fx.checkBundleSearch[0]);
      }),
    );
    const client = testClient();
    expect((await client.getCheckBundle("/check_bundle/45315")).display_name).toBe("checkout.example.com health");
    await client.getCheckBundle(45315);
    await client.getCheckBundle("/v2/check_bundle/45315");
    expect(paths).toEqual(["/v2/check_bundle/45315", "/v2/check_bundle/45315", "/v2/check_bundle/45315"]);
  });

  it("getCheckBundle keeps unknown enum values (status, type) as strings", async () => {
    server.use(http.get(url("/check_bundle/60021"), () => HttpResponse.json(fx.checkBundlesNonConforming[0])));
    const bundle = await testClient().getCheckBundle("60021");
    expect(bundle.status).toBe("paused_by_policy");
    expect(bundle.type).toBe("http:future");
    expect(bundle.timeout).toBe("10");
    expect(bundle._last_modified_by).toBeNull();
  });

  it("refuses a CID of another type and an id that would change the path", async () => {
    const client = testClient();
    await expect(client.getCheckBundle("/alert/1")).rejects.toSatisfy((e) => InvalidInputError.isInstance(e));
    await expect(client.getAlert("..")).rejects.toSatisfy((e) => InvalidInputError.isInstance(e));
  });

  it("getAlert encodes opaque ids", async () => {
    let path = "";
    server.use(
      http.get(url("/alert/:id"), ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(fx.alertList[0]);
      }),
    );
    const alert = await testClient().getAlert("/alert/4378611");
    expect(path).toBe("/v2/alert/4378611");
    expect(alert._severity).toBe(1);
    expect(alert._cleared_on).toBeNull();
    path = "";
    // Alert ids are whole numbers: anything else is refused before a request, never sent encoded.
    await expect(testClient().getAlert("a/b?c")).rejects.toThrow(/alert ids are whole numbers/);
    expect(path).toBe("");
  });

  it("reports schema drift as InvalidResponseError naming the field", async () => {
    server.use(http.get(url("/alert/1"), () => HttpResponse.json({ ...fx.alertList[0], _severity: "high" })));
    const error = await testClient().getAlert(1).catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/_severity/);
  });
});

describe("list operations", () => {
  const lists = [
    ["listCheckBundles", "/check_bundle", fx.checkBundleSearch],
    ["listChecks", "/check", fx.checkList],
    ["listRuleSets", "/rule_set", fx.ruleSetList],
    ["listContactGroups", "/contact_group", fx.contactGroupList],
    ["listGraphs", "/graph", fx.graphList],
    ["listDashboards", "/dashboard", fx.dashboardList],
    ["listMaintenance", "/maintenance", fx.maintenanceList],
    ["listAnnotations", "/annotation", fx.annotationList],
    ["listAlerts", "/alert", fx.alertList],
  ] as const;

  it.each(lists)("%s returns every item and always sends size and from", async (method, path, body) => {
    const { seen, track } = recorder();
    server.use(
      http.get(url(path), ({ request }) => {
        track(request);
        return HttpResponse.json(body);
      }),
    );
    const items = await (testClient()[method]() as { toArray(): Promise<unknown[]> }).toArray();
    expect(items).toHaveLength(body.length);
    expect(params(seen[0]!).get("size")).toBe("100");
    expect(params(seen[0]!).get("from")).toBe("0");
    expect(seen).toHaveLength(1); // no X-Circonus-More-Items → done
  });

  it("pages with size/from while X-Circonus-More-Items is true (3+ pages)", async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ ...fx.checkBundleSearch[0], _cid: `/check_bundle/${1000 + i}` }));
    const { seen, track } = recorder();
    server.use(
      http.get(url("/check_bundle"), ({ request }) => {
        track(request);
        const from = Number(params(request).get("from"));
        const size = Number(params(request).get("size"));
        const page = all.slice(from, from + size);
        const more = from + size < all.length;
        return HttpResponse.json(page, { headers: more ? { "X-Circonus-More-Items": "true" } : {} });
      }),
    );
    const bundles = await testClient({ pageSize: 3 }).listCheckBundles({ order: "_cid" }).toArray();
    expect(bundles.map((b) => b._cid)).toEqual(all.map((b) => b._cid));
    expect(seen.map((r) => [params(r).get("size"), params(r).get("from"), params(r).get("order")])).toEqual([
      ["3", "0", "_cid"],
      ["3", "3", "_cid"],
      ["3", "6", "_cid"],
    ]);
  });

  it("sends a stable order (_cid) by default", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/check_bundle"), ({ request }) => {
        track(request);
        return HttpResponse.json(fx.checkBundleSearch);
      }),
    );
    await testClient().listCheckBundles().toArray();
    expect(params(seen[0]!).get("order")).toBe("_cid");
  });

  it("never pages past from=1000: stops with an error telling the caller to narrow the query", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/check_bundle"), ({ request }) => {
        track(request);
        const from = Number(params(request).get("from"));
        const size = Number(params(request).get("size"));
        const page = Array.from({ length: size }, (_, i) => ({ ...fx.checkBundleSearch[0], _cid: `/check_bundle/${10_000 + from + i}` }));
        return HttpResponse.json(page, { headers: { "X-Circonus-More-Items": "true" } });
      }),
    );
    const list = testClient({ pageSize: 500 }).listCheckBundles({ search: { tags: { service: "checkout" } } });
    const seenItems: string[] = [];
    const error = await (async () => {
      for await (const b of list) seenItems.push(b._cid);
    })().catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/above the 1000 the API accepts/);
    expect((error as PaginationLimitError).fix).toMatch(/Narrow the query with a search/);
    expect(seen.map((r) => params(r).get("from"))).toEqual(["0", "500", "1000"]);
    expect(seenItems).toHaveLength(1500);
  });

  it("stops on an empty page even if the header still says more, marking the list truncated", async () => {
    let calls = 0;
    server.use(
      http.get(url("/graph"), () => {
        calls += 1;
        return HttpResponse.json(calls === 1 ? fx.graphList : [], { headers: { "X-Circonus-More-Items": "true" } });
      }),
    );
    const list = testClient().listGraphs();
    expect(await list.toArray()).toHaveLength(1);
    expect(calls).toBe(2);
    // The list ends, but not as a complete one: the server said there was more.
    expect(list.truncated).toMatchObject({ afterPages: 2 });
  });

  it("sends search and filters built from specs", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/check_bundle"), ({ request }) => {
        track(request);
        return HttpResponse.json(fx.checkBundleSearch);
      }),
    );
    await testClient()
      .listCheckBundles({
        search: { tags: { service: "checkout" }, terms: { type: "http" } },
        filter: [{ field: "tags", op: "has", value: "env:prod" }],
        dir: "desc",
        pageSize: 50,
      })
      .toArray();
    const p = params(seen[0]!);
    expect(p.get("search")).toBe('(tags:service:checkout)(type:"http")');
    expect(p.getAll("f_tags_has")).toEqual(["env:prod"]);
    expect(p.get("dir")).toBe("desc");
    expect(p.get("size")).toBe("50");
  });

  it("reads a 404 on a search as no match (older API servers did, per the Circonus on-premises changelog 2020)", async () => {
    server.use(http.get(url("/rule_set"), () => HttpResponse.json({ code: "NotFound", message: "no results" }, { status: 404 })));
    expect(await testClient().listRuleSets({ search: { tags: ["service:nothing"] } }).toArray()).toEqual([]);
  });

  it("refuses a page size outside 1..1000 before any request", () => {
    expect(() => testClient().listChecks({ pageSize: 5000 })).toThrow(/pageSize/);
  });

  it("parses rule sets whose contact_groups is an object or an array", async () => {
    server.use(http.get(url("/rule_set"), () => HttpResponse.json(fx.ruleSetList)));
    const [first, second] = await testClient().listRuleSets().toArray();
    expect(first!.contact_groups).toEqual({ "1": ["/contact_group/1701"], "2": [], "3": [], "4": [], "5": [] });
    expect(second!.contact_groups).toEqual([]);
    expect(second!.rules?.[0]?.value).toBe(90);
  });
});

describe("listAlerts", () => {
  const NOW = new Date("2023-11-15T00:00:00Z");
  const now = () => NOW;

  it("asks for uncleared alerts by default (the API's default, sent explicitly)", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/alert"), ({ request }) => {
        track(request);
        return HttpResponse.json(fx.alertList);
      }),
    );
    const alerts = await testClient().listAlerts({ search: { tags: { service: "checkout" } } }).toArray();
    expect(alerts.map((a) => a._cid)).toEqual(["/alert/4378611", "/alert/4378702"]);
    expect(params(seen[0]!).get("search")).toBe("(tags:service:checkout)(active:1)");
  });

  it("searches cleared alerts with active: false, and a window with since/until", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/alert"), ({ request }) => {
        track(request);
        return HttpResponse.json([fx.alertCleared]);
      }),
    );
    const since = new Date("2023-11-01T00:00:00Z");
    const alerts = await testClient().listAlerts({ active: false, since, until: NOW, now }).toArray();
    expect(alerts[0]!._cleared_on).toBe(1700003600);
    expect(params(seen[0]!).get("search")).toBe("(active:0)(occurred_on_start:1698796800)(occurred_on_end:1700006400)");
  });

  it("passes filters such as f__cleared_on=null", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/alert"), ({ request }) => {
        track(request);
        return HttpResponse.json([]);
      }),
    );
    await testClient().listAlerts({ filter: [{ field: "_cleared_on", value: null }, { field: "_tags", op: "has", value: "service:checkout" }] }).toArray();
    expect(params(seen[0]!).get("f__cleared_on")).toBe("null");
    expect(params(seen[0]!).get("f__tags_has")).toBe("service:checkout");
  });

  it("refuses a window longer than 30 days before any request", () => {
    const client = testClient();
    expect(() => client.listAlerts({ since: new Date("2023-09-01T00:00:00Z"), now })).toThrow(/30 days/);
    expect(() => client.listAlerts({ since: 1_690_000_000, until: 1_700_000_000 })).toThrow(/30 days/);
    expect(() => client.listAlerts({ since: 1_700_000_000, until: 1_690_000_000 })).toThrow(/until is before since/);
  });
});

describe("searchMetrics", () => {
  it("sends the tag query and size, never from, and reports truncation", async () => {
    const { seen, track } = recorder();
    server.use(
      http.get(url("/metric"), ({ request }) => {
        track(request);
        return HttpResponse.json(fx.metricList, { headers: { "X-Snowth-Search-Result-Count": "12000" } });
      }),
    );
    const result = await testClient().searchMetrics({ service: "checkout", env: "prod" }, { size: 2, activityStart: 1_699_000_000 });
    const p = params(seen[0]!);
    expect(p.get("search")).toBe("and(service:checkout,env:prod)");
    expect(p.get("size")).toBe("2");
    expect(p.has("from")).toBe(false);
    expect(p.get("activity_start_secs")).toBe("1699000000");
    expect(result.metrics.map((m) => m._metric_name)).toEqual(["duration", "used|ST[fs-mountpoint:/,units:percent]"]);
    expect(result.metrics[1]!._histogram).toBe("inactive");
    expect(result).toMatchObject({ estimatedTotal: 12000, truncated: true });
  });

  it("refuses size above 10 000", async () => {
    await expect(testClient().searchMetrics({ service: "checkout" }, { size: 20_000 })).rejects.toThrow(/10000/);
  });
});

describe("writes", () => {
  it("createAnnotation POSTs the validated body", async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(url("/annotation"), async ({ request }) => {
        body = await request.json();
        contentType = request.headers.get("content-type");
        return HttpResponse.json({ ...fx.annotationList[0], _cid: "/annotation/1300", title: "deploy checkout v42" });
      }),
    );
    const created = await testClient({ privilege: "normal" }).createAnnotation({
      title: "deploy checkout v42",
      category: "deploys",
      start: new Date("2023-11-15T10:00:00Z"),
      relMetrics: ["62514_duration"],
    });
    expect(created._cid).toBe("/annotation/1300");
    expect(body).toEqual({ title: "deploy checkout v42", category: "deploys", description: "", start: 1700042400, stop: 1700042400, rel_metrics: ["62514_duration"] });
    expect(contentType).toContain("application/json");
  });

  it("createAnnotation rejects invalid input before any request", async () => {
    await expect(testClient().createAnnotation({ title: "", category: "deploys", start: 1 })).rejects.toThrow(/title/);
  });

  it("updateCheckBundleTags PUTs lower-cased, de-duplicated tags", async () => {
    let body: unknown;
    server.use(
      http.put(url("/check_bundle/45315"), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ ...fx.checkBundleSearch[0], tags: ["env:prod", "service:checkout"] });
      }),
    );
    const bundle = await testClient().updateCheckBundleTags("/check_bundle/45315", ["Service:Checkout", "env:prod", "service:checkout"]);
    expect(body).toEqual({ tags: ["env:prod", "service:checkout"] });
    expect(bundle.tags).toEqual(["env:prod", "service:checkout"]);
  });

  it("refuses writes with a read-only token before any request", async () => {
    let requests = 0;
    server.events.on("request:start", () => void (requests += 1));
    const client = testClient({ privilege: "read-only" });
    const a = await client.createAnnotation({ title: "x", category: "y", start: 1 }).catch((e: unknown) => e);
    const b = await client.updateCheckBundleTags(1, ["service:x"]).catch((e: unknown) => e);
    server.events.removeAllListeners();
    expect(requests).toBe(0);
    for (const error of [a, b]) {
      expect(PermissionError.isInstance(error)).toBe(true);
      expect((error as PermissionError).message).toMatch(/declared read-only/);
      expect((error as PermissionError).fix).toMatch(/CIRCONUS_API_TOKEN_PRIVILEGE/);
    }
  });
});

describe("retries", () => {
  it("retries 429 after Retry-After, then succeeds", async () => {
    let calls = 0;
    server.use(
      http.get(url("/account/current"), () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(fx.errors.rateLimitText, { status: 429, headers: { "Retry-After": "0", "Content-Type": "text/plain" } })
          : HttpResponse.json(fx.accountCurrent);
      }),
    );
    expect((await testClient().getAccount()).name).toBe("example-ops");
    expect(calls).toBe(2);
  });

  it("gives up on a Retry-After longer than allowed, with the plain-text body in the message", async () => {
    server.use(
      http.get(url("/account/current"), () =>
        new HttpResponse(fx.errors.rateLimitText, { status: 429, headers: { "Retry-After": "3600", "Content-Type": "text/plain" } }),
      ),
    );
    const error = await testClient().getAccount().catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect((error as Error).message).toMatch(/rate limit/);
  });

  it("does not retry a POST on 503", async () => {
    let calls = 0;
    server.use(
      http.post(url("/annotation"), () => {
        calls += 1;
        return HttpResponse.json({ message: "unavailable" }, { status: 503 });
      }),
    );
    await expect(testClient().createAnnotation({ title: "x", category: "y", start: 1 })).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
