import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@toolweave/core";
import { buildFilters, buildSearch, normalizeTag } from "./search.js";

const rejects = (fn: () => unknown, pattern: RegExp) => {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
  expect((error as Error).message).toMatch(pattern);
};

describe("buildSearch", () => {
  it("renders the issue's example: tags in one tuple, then terms", () => {
    expect(String(buildSearch({ tags: { service: "webshop", env: "prod" }, terms: { active: true } }))).toBe("(tags:service:webshop,env:prod)(active:1)");
  });

  it("lower-cases tags and accepts a list", () => {
    expect(String(buildSearch({ tags: ["Service:WebShop", "env:prod"] }))).toBe("(tags:service:webshop,env:prod)");
  });

  it("quotes exact terms, appends * for prefix, wraps for contains", () => {
    expect(
      String(buildSearch({
        terms: {
          type: "httptrap",
          host: { value: "web1", match: "prefix" },
          name: { value: "name, with comma" },
          notes: { value: "deploy", match: "contains" },
        },
      })),
    ).toBe('(type:"httptrap")(host:web1*)(name:"name, with comma")(notes:*deploy*)');
  });

  it("renders the primary-field text first: fuzzy by default, or exact/prefix", () => {
    expect(String(buildSearch({ text: "checkout", terms: { active: false } }))).toBe("checkout(active:0)");
    expect(String(buildSearch({ text: { value: "checkout api", match: "exact" } }))).toBe('"checkout api"');
    expect(String(buildSearch({ text: { value: "checkout", match: "prefix" } }))).toBe("checkout*");
  });

  it("renders numbers as-is", () => {
    expect(String(buildSearch({ terms: { occurred_on_start: 1700000000 } }))).toBe("(occurred_on_start:1700000000)");
  });

  it.each([
    ["a closing parenthesis in a value", { terms: { host: "x)(active:0" } }, /host/],
    ["a quote in a value", { terms: { name: 'a"b' } }, /name/],
    ["a backslash", { terms: { name: "a\\b" } }, /name/],
    ["a control character", { terms: { name: "a\nb" } }, /name/],
    ["a * written by hand", { terms: { host: "web*" } }, /host.*\*/],
    ["a parenthesis in the text", { text: "foo) (tags:x:y" }, /text/],
    ["a comma in fuzzy text", { text: "a,b" }, /text/],
    ["a tag without a category", { tags: ["prod"] }, /tags/],
    ["a tag with a comma", { tags: ["service:a,env:b"] }, /tags/],
    ["a tag with a parenthesis", { tags: { service: "web)(active:0" } }, /tags/],
    ["a tag with whitespace", { tags: { service: "web shop" } }, /tags/],
    ["a bad field name", { terms: { "host)(x": "y" } }, /field/],
    ["an empty value", { terms: { host: " " } }, /host/],
    ["nothing at all", {}, /nothing to search/],
  ])("rejects %s, naming the field", (_name, spec, pattern) => {
    rejects(() => buildSearch(spec as never), pattern);
  });

  it("normalizeTag keeps colons in values and lower-cases", () => {
    expect(normalizeTag("FS:Mount:/data")).toBe("fs:mount:/data");
  });
});

describe("buildFilters", () => {
  it("builds f_<field> keys with operator suffixes; read-only fields keep their underscore", () => {
    expect(
      buildFilters([
        { field: "_cleared_on", value: null },
        { field: "tags", op: "has", value: "Env:Prod" },
        { field: "display_name", op: "wildcard", value: "*web*" },
        { field: "_occurred_on", op: "gt", value: 1700000000 },
        { field: "_occurred_on", op: "le", value: new Date(1_700_086_400_000) },
        { field: "tags", op: "has", value: "service:checkout" },
      ]),
    ).toEqual({
      f__cleared_on: ["null"],
      f_tags_has: ["env:prod", "service:checkout"],
      f_display_name_wildcard: ["*web*"],
      f__occurred_on_gt: ["1700000000"],
      f__occurred_on_le: ["1700086400"],
    });
  });

  it.each([
    ["a bad field", { field: "tags&search=x", value: "a" }, /filter field/],
    ["a glob outside wildcard", { field: "display_name", value: "*web*" }, /display_name/],
    ["text for a numeric operator", { field: "_occurred_on", op: "gt", value: "yesterday" }, /_occurred_on/],
    ["an unknown operator", { field: "tags", op: "contains", value: "a" }, /operator/],
    ["a control character", { field: "notes", value: "a\u0000" }, /notes/],
    ["a malformed tag", { field: "tags", op: "has", value: "env prod" }, /tags/],
  ])("rejects %s", (_name, clause, pattern) => {
    rejects(() => buildFilters([clause as never]), pattern);
  });
});
