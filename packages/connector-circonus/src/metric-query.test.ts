import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@toolweave/core";
import { and, buildMetricQuery, metricTag, not, or } from "./metric-query.js";

describe("metric tag queries", () => {
  it("builds and/or/not with built-in categories", () => {
    expect(String(and(metricTag("__check_bundle_id", 1234), { service: "checkout" }))).toBe("and(__check_bundle_id:1234,service:checkout)");
    expect(String(or({ env: "prod" }, { env: "staging" }))).toBe("or(env:prod,env:staging)");
    expect(String(and({ service: "checkout" }, not(metricTag("env", "dev"))))).toBe("and(service:checkout,not(env:dev))");
    expect(String(buildMetricQuery({ service: "checkout", env: "prod" }))).toBe("and(service:checkout,env:prod)");
  });

  it("allows * only with match: glob", () => {
    expect(String(metricTag("__check_target", "*-aws-*", { match: "glob" }))).toBe("__check_target:*-aws-*");
    expect(() => metricTag("__check_target", "*-aws-*")).toThrow(/metric tag value/);
  });

  it.each(["a)", "a,b", "a b", '"a"', "/regex/", "a\\b", ""])("rejects value %j", (value) => {
    let error: unknown;
    try {
      metricTag("service", value);
    } catch (e) {
      error = e;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
  });

  it("rejects bad categories and empty combinations", () => {
    expect(() => metricTag("serv ice", "x")).toThrow(/category/);
    expect(() => and()).toThrow(/at least one term/);
  });
});
