import { z } from "zod";

// The shapes of ToolJump's context protocol (https://github.com/tooljump/tooljump, docs at
// https://tooljump.dev/docs/): what its browser extension sends to `POST /context` and what it
// reads back from `/context`, `/config` and `/custom-domains`. The server validates requests
// with them; the tests check every response against them.

/** The adapter names the extension sends as a context's `type`. */
export const CONTEXT_TYPES = ["github", "aws", "generic"] as const;
export type ContextType = (typeof CONTEXT_TYPES)[number];

/** The reference server's limits: a 100 kB body, values nested at most 10 levels under the context. */
export const MAX_BODY_BYTES = 100 * 1024;
export const MAX_DEPTH = 10;

/** The icons the extension ships; any other name shows a broken image, so it is never sent. */
export const KNOWN_ICONS = ["circleci", "github", "datadog", "pagerduty", "slack", "jira", "confluence", "postman", "launchdarkly", "aws", "aws-cost", "cost", "lambda", "link", "tj"] as const;
export type ToolJumpIcon = (typeof KNOWN_ICONS)[number];

export const STATUSES = ["important", "relevant", "success", "none"] as const;
export type ToolJumpStatus = (typeof STATUSES)[number];

/** A tooltip is 1–500 characters. */
export const TOOLTIP_MAX = 500;

const isoTimestamp = z.iso.datetime({ offset: true });
/** True for an absolute `http:` or `https:` URL: the only links the bar may open. */
export function isWebUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
const webUrl = (what: string) => z.string().refine(isWebUrl, `${what} must be an http or https URL`);
/** An origin as the extension uses it (`new URL(domain)`, `${domain}/*`): scheme and host, no path. */
const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, "must be an origin such as https://app.circleci.com");

const status = z.enum(STATUSES);
const icon = z.enum(KNOWN_ICONS);
const tooltip = z.string().min(1).max(TOOLTIP_MAX);

/** A nested value of a context: JSON, at most `depth` containers deep. */
function nestedValue(depth: number): z.ZodType {
  const primitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);
  if (depth === 0) return primitive;
  const inner = nestedValue(depth - 1);
  return z.union([primitive, z.array(inner), z.record(z.string(), inner)]);
}

/** What the extension posts to `/context`: `type`, the page's `url`, and what its collectors read. */
export const ContextRequestSchema = z.looseObject({
  type: z.enum(CONTEXT_TYPES, { error: `type must be one of ${CONTEXT_TYPES.join(", ")}` }),
  url: z.string({ error: "url is required: the page's URL" }).refine(isWebUrl, "url must be an http or https URL"),
}).catchall(nestedValue(MAX_DEPTH));
export type ContextRequest = z.infer<typeof ContextRequestSchema>;

/** One link of a dropdown. */
export const DropdownItemSchema = z.strictObject({
  content: z.string().min(1),
  href: webUrl("href"),
  status: status.optional(),
  icon: icon.optional(),
  tooltip: tooltip.optional(),
});
export type DropdownItem = z.infer<typeof DropdownItemSchema>;

const common = { content: z.string().min(1), status: status.optional(), icon: icon.optional(), tooltip: tooltip.optional() };

/** One item of the bar: a text, a link or a dropdown (which needs its items). */
export const ResultSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), ...common }),
  z.strictObject({ type: z.literal("link"), href: webUrl("href"), ...common }),
  z.strictObject({ type: z.literal("dropdown"), items: z.array(DropdownItemSchema).min(1), ...common }),
]);
export type ToolJumpResult = z.infer<typeof ResultSchema>;

/** `POST /context`'s 200 answer. */
export const ContextResponseSchema = z
  .strictObject({
    data: z.array(ResultSchema),
    count: z.number().int().nonnegative(),
    cacheHits: z.number().int().nonnegative(),
    failedCount: z.number().int().nonnegative(),
    timestamp: isoTimestamp,
    integrationNames: z.array(z.string().min(1)),
  })
  .refine((body) => body.count === body.data.length, { message: "count must be the number of results", path: ["count"] });
export type ContextResponse = z.infer<typeof ContextResponseSchema>;

/** A body that is not a context (400), or too large (413). */
export const InvalidBodySchema = z.strictObject({
  error: z.literal("Invalid request body"),
  details: z.array(z.strictObject({ path: z.string(), message: z.string().min(1) })).min(1),
  timestamp: isoTimestamp,
});

/** A missing, malformed or wrong bearer token (401), or another refusal (405). */
export const ErrorSchema = z.strictObject({ error: z.string().min(1), timestamp: isoTimestamp.optional() });

/** Too many requests from one address (429). */
export const RateLimitedSchema = z.strictObject({ error: z.literal("Too many requests"), message: z.string().min(1), timestamp: isoTimestamp });

/** `GET /config`: the sites the server wants the extension to run on. */
export const ConfigResponseSchema = z.strictObject({
  adapters: z.array(z.strictObject({ name: z.string().min(1), enabled: z.boolean(), urls: z.array(origin), description: z.string().min(1) })),
  customDomains: z.array(origin),
  timestamp: isoTimestamp,
});
export type ConfigResponse = z.infer<typeof ConfigResponseSchema>;

/** `GET /custom-domains`: the same custom domains. */
export const CustomDomainsResponseSchema = z
  .strictObject({ hosts: z.array(origin), count: z.number().int().nonnegative(), timestamp: isoTimestamp })
  .refine((body) => body.count === body.hosts.length, { message: "count must be the number of hosts", path: ["count"] });
