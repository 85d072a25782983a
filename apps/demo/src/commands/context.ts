import { printableText, type Insight, type PageInsights } from "@toolweave/core";
import { z } from "zod";
import { answerHead, type CommandContext, type JsonBody } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { Painter } from "../io.js";
import { header, incompleteWithProvider, isoDate, serviceEvent, suspectLink } from "../output-schema-parts.js";
import { pageAnswer } from "../page-answer.js";
import { banner, renderIncomplete } from "../render.js";

// The `context` command: what the tools know about the page at a URL — the same answer the
// ToolJump-compatible `POST /context` of `serve` and the browser context bar show.

export const name = "context";
export const summary = "What the tools know about a page (a repository, commit, CircleCI pipeline, Circonus alert…)";
export const positionals = ["<url>"];
export const flags = {};

export async function run(ctx: CommandContext): Promise<PageInsights> {
  const url = ctx.args.positionals[0]?.trim();
  if (!url) throw new UsageError("context needs a page URL: toolweave-demo context https://app.circleci.com/pipelines/github/acme/checkout/412");
  const providers = await ctx.providers();
  return pageAnswer({ providers, catalog: ctx.catalog, now: () => ctx.now })(url, ctx.signal);
}

/** Exit 0 when the page matched and every part was read; 3 when a part is missing; 1 when the page matched no service. */
export const exitCode = (answer: PageInsights): number => (!answer.resolution.matched ? EXIT.problems : answer.complete ? EXIT.ok : EXIT.incomplete);

export function envelope(answer: PageInsights, ctx: CommandContext): JsonBody<typeof output> {
  return { ...answerHead("context", ctx), ...answer };
}

const MARK: Record<Insight["status"], [string, Parameters<Painter["paint"]>[0]]> = {
  important: ["!", ["bold", "red"]],
  relevant: ["~", "yellow"],
  success: ["✓", "green"],
  none: ["·", "gray"],
};

export function render(answer: PageInsights, ctx: CommandContext): string {
  const p = ctx.out;
  const r = answer.resolution;
  const out = [banner(ctx.mode, p)];
  // A page's label and the reasons quote the URL and tool data: shown printable (no terminal escapes).
  const shown = (text: string) => printableText(text);
  if (r.focus) out.push(`${p.paint("bold", shown(r.focus.label))} (${r.focus.provider} ${r.focus.kind})`);
  out.push(r.matched ? `Service ${p.paint("bold", r.service!)}${r.env ? ` in ${shown(r.env)}` : ""} (matched by ${r.rule})` : `${p.paint(["bold", "yellow"], "No service:")} ${shown(r.reason ?? "")}${r.fix ? `\n  Fix: ${shown(r.fix)}` : ""}`);
  out.push("");
  for (const item of answer.items) {
    if (item.topic === "incomplete" || item.topic === "not-matched") continue;
    const [mark, style] = MARK[item.status];
    out.push(`${p.paint(style, mark)} ${item.text}${item.url ? `\n    ${p.paint("gray", shown(item.url))}` : ""}`);
    for (const link of item.links ?? []) out.push(`    - ${link.text}: ${p.paint("gray", shown(link.url))}`);
  }
  const incomplete = renderIncomplete(answer.incomplete, p);
  if (incomplete) out.push("", incomplete);
  return `${out.join("\n")}\n`;
}

const status = z.enum(["important", "relevant", "success", "none"]);
const link = z.strictObject({ text: z.string(), url: z.string(), status: status.optional(), tooltip: z.string().optional() });
const focus = z.strictObject({
  provider: z.string(),
  kind: z.string(),
  id: z.string(),
  label: z.string(),
  url: z.string(),
  keys: z.looseObject({ service: z.string().optional(), env: z.string().optional(), repo: z.string().optional() }),
  attributes: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** `context --json`: the hub's `PageInsights`. */
export const output = z.strictObject({
  ...header("context"),
  generatedAt: isoDate,
  resolution: z.strictObject({
    url: z.string(),
    matched: z.boolean(),
    focus: focus.optional(),
    service: z.string().optional(),
    rule: z.enum(["resource-keys", "catalog-repo", "repo-name"]).optional(),
    env: z.string().optional(),
    envs: z.array(z.string()).optional(),
    keys: z.looseObject({ service: z.string() }).optional(),
    reason: z.string().optional(),
    fix: z.string().optional(),
    candidates: z.array(z.string()).optional(),
    incomplete: z.array(incompleteWithProvider),
  }),
  since: isoDate,
  until: isoDate,
  items: z.array(
    z.strictObject({
      topic: z.enum(["last-deploy", "commit-deployed", "latest-build", "open-alerts", "alerts-after-deploy", "suspect", "no-suspect", "rollback-target", "not-matched", "incomplete"]),
      status,
      text: z.string(),
      url: z.string().optional(),
      tooltip: z.string().optional(),
      provider: z.string().optional(),
      env: z.string().optional(),
      links: z.array(link).optional(),
    }),
  ),
  incomplete: z.array(incompleteWithProvider),
  complete: z.boolean(),
  /** On an alert or deploy page: its own events, their suspect links, and the events on the other side of them. */
  subject: z.strictObject({ events: z.array(serviceEvent), suspects: z.array(suspectLink), related: z.array(serviceEvent) }).optional(),
});
