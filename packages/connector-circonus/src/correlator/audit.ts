import { mentionsSecret, type AuditFinding } from "@toolweave/core";
import type { TagKey } from "../conventions.js";
import { cidType, resourceName, resourceTags, splitTag, type CirconusTaggedResource } from "../tags.js";
import { categoryKeys, extract, keyPattern, PROVIDER } from "./keys.js";
import type { CirconusCorrelatorPorts } from "./ports.js";

/**
 * What a finding on a tag holding a live secret says instead of a suggestion: a tag derived
 * from it would carry the token lower-cased or slugged, past redaction.
 */
const SECRET_FIX = " It holds a secret in use here, so no tag is suggested: remove the secret from the tag and rotate that token.";

/**
 * `correlator.audit`: bundles without a service tag, tags not in lower case or not a
 * `category:value` pair, values a key does not accept, and conflicting values for one key.
 * No tag is suggested from a tag holding a live secret.
 */
export function audit(ports: Pick<CirconusCorrelatorPorts, "conventions">, resources: readonly CirconusTaggedResource[]): AuditFinding[] {
  const { conventions } = ports;
  const categoryToKey = categoryKeys(conventions);
  const findings: AuditFinding[] = [];
  for (const resource of resources) {
    const kind = cidType(resource._cid) ?? "resource";
    const ref = { kind, id: resource._cid ?? "(no cid)", name: resourceName(resource) };
    const tags = resourceTags(resource);
    const service = extract(ports, resource).service;
    const add = (finding: Omit<AuditFinding, "provider" | "resource" | "service">) =>
      findings.push({ provider: PROVIDER, resource: ref, ...finding, ...(service ? { service } : {}) });
    const values = new Map<TagKey, Set<string>>();
    for (const tag of tags) {
      const { category, value, hasColon } = splitTag(tag);
      const secret = mentionsSecret(tag);
      const fix = secret ? SECRET_FIX : "";
      const lower = tag.toLowerCase();
      if (tag !== lower) {
        add({
          rule: "tag-lowercase",
          severity: secret ? "error" : "warning",
          message: `Tag "${tag}" is not lower case; Circonus searches and stores tags in lower case.${fix}`,
          ...(secret ? {} : { suggestion: lower }),
        });
      }
      const key = categoryToKey.get(category.toLowerCase());
      if (!hasColon || !category || !value || /\s/.test(tag)) {
        add({
          rule: "tag-malformed",
          severity: secret ? "error" : "warning",
          message: `Tag "${tag}" is not a category:value pair${/\s/.test(tag) ? " (it contains whitespace)" : ""}.${fix}`,
          ...(key && value.trim() && !secret ? { suggestion: `${conventions[key]}:${slug(value, key)}` } : {}),
        });
        continue;
      }
      if (!key) continue;
      const v = value.toLowerCase();
      if (!keyPattern(key).test(v)) {
        const suggestion = secret ? "" : slug(v, key);
        add({
          rule: "tag-malformed",
          severity: secret ? "error" : "warning",
          message: `Tag "${tag}": ${key} values must be ${key === "env" ? "one lower-case word (e.g. prod)" : 'lower-case words joined by "-" (e.g. web-shop)'}.${fix}`,
          ...(suggestion ? { suggestion: `${conventions[key]}:${suggestion}` } : {}),
        });
      }
      (values.get(key) ?? values.set(key, new Set()).get(key)!).add(v);
    }
    for (const [key, set] of values) {
      if (set.size > 1) {
        add({
          rule: "tag-conflict",
          severity: "error",
          message: `Conflicting ${conventions[key]} tags: ${[...set].map((v) => `${conventions[key]}:${v}`).join(", ")}; a resource belongs to one ${key}.`,
        });
      }
    }
    if (kind === "check_bundle" && !values.has("service")) {
      add({
        rule: "tag-service-missing",
        severity: "error",
        message: `Check bundle has no ${conventions.service}: tag, so it cannot be correlated with a service.`,
        suggestion: `${conventions.service}:<service>`,
      });
    }
  }
  return findings;
}

function slug(value: string, key: TagKey): string {
  const s = value.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (key === "env") return s.replace(/-/g, "");
  return s;
}
