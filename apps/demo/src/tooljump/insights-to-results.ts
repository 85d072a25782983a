import { printableText, type Insight, type PageInsights } from "@toolweave/core";
import { isWebUrl, TOOLTIP_MAX, type DropdownItem, type ToolJumpIcon, type ToolJumpResult } from "./protocol.js";

/** What the bar shows for one page, and the counts ToolJump's answer carries. */
export interface ToolJumpAnswer {
  data: ToolJumpResult[];
  /** The parts of the answer that could not be read. */
  failedCount: number;
  /** The providers whose data the results show, in order of first appearance. */
  integrationNames: string[];
}

// Only icons the extension ships: Circonus has none there, and an unknown name is a broken image.
const PROVIDER_ICON: Readonly<Record<string, ToolJumpIcon>> = { circleci: "circleci", github: "github" };

/** The href when it is an http(s) URL (a `javascript:` or `data:` link is dropped). */
const safeHref = (url: string | undefined): string | undefined => (url !== undefined && isWebUrl(url) ? new URL(url).href : undefined);

/** 1–500 characters, cut with an ellipsis; undefined when there is nothing to show. */
export function clampTooltip(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  // Core's cut: secrets masked first, never half a surrogate pair before the ellipsis.
  return trimmed ? printableText(trimmed, TOOLTIP_MAX).replace(/\s+…$/, "…") : undefined;
}

/** Adds the optional fields that have a value (the protocol has no `null`s). */
function withOptional<T extends object>(result: T, extra: { status?: Insight["status"]; icon?: ToolJumpIcon | undefined; tooltip?: string | undefined }): T {
  const out: Record<string, unknown> = { ...(result as Record<string, unknown>) };
  if (extra.status) out.status = extra.status;
  if (extra.icon) out.icon = extra.icon;
  const tooltip = clampTooltip(extra.tooltip);
  if (tooltip) out.tooltip = tooltip;
  return out as T;
}

/** One insight as one item of the bar: a dropdown when it has links, a link when it has a URL, else a text. */
function toResult(insight: Insight): ToolJumpResult {
  const content = insight.text.trim() || insight.topic;
  const icon = insight.provider ? PROVIDER_ICON[insight.provider] : undefined;
  const href = safeHref(insight.url);
  const items: DropdownItem[] = [];
  for (const link of insight.links ?? []) {
    const itemHref = safeHref(link.url);
    if (!itemHref) continue;
    items.push(withOptional({ content: link.text.trim() || itemHref, href: itemHref }, { status: link.status, tooltip: link.tooltip }));
  }
  const common = { status: insight.status, icon, tooltip: insight.tooltip };
  if (items.length > 0) {
    // A dropdown has no href of its own: the line's link becomes its first item.
    if (href && !items.some((item) => item.href === href)) items.unshift({ content, href });
    return withOptional({ type: "dropdown" as const, content, items }, common);
  }
  if (href) return withOptional({ type: "link" as const, content, href }, { ...common, icon: icon ?? "link" });
  return withOptional({ type: "text" as const, content }, common);
}

/**
 * Maps the hub's answer for a page (`hub.insights`) to ToolJump's results, in the hub's order
 * (most pressing first). What could not be read always shows, as an `important` text; a page
 * tied to no service shows one text saying why. Expects data already redacted.
 */
export function insightsToResults(insights: PageInsights): ToolJumpAnswer {
  const data: ToolJumpResult[] = [];
  const integrationNames: string[] = [];
  const { resolution } = insights;
  let notMatchedShown = false;
  let incompleteShown = 0;
  for (const insight of insights.items) {
    if (insight.topic === "not-matched") {
      if (notMatchedShown) continue;
      notMatchedShown = true;
      data.push(withOptional({ type: "text" as const, content: insight.text.trim() || "toolweave: this page is not tied to a service." }, { status: insight.status, tooltip: insight.tooltip ?? resolution.fix }));
      continue;
    }
    if (insight.topic === "incomplete") {
      incompleteShown += 1;
      data.push(withOptional({ type: "text" as const, content: insight.text.trim() || "toolweave: part of the answer could not be read." }, { status: "important", icon: insight.provider ? PROVIDER_ICON[insight.provider] : undefined, tooltip: insight.tooltip }));
      continue;
    }
    data.push(toResult(insight));
    if (insight.provider && !integrationNames.includes(insight.provider)) integrationNames.push(insight.provider);
  }
  // Never silent: a page that matched nothing says why, and every part that could not be read shows.
  if (!resolution.matched && !notMatchedShown) {
    const reason = resolution.reason?.trim() || "this page is not tied to a service of the catalog.";
    data.unshift(withOptional({ type: "text" as const, content: `toolweave: ${reason}` }, { status: "none", tooltip: resolution.fix }));
  }
  if (incompleteShown === 0) {
    for (const part of insights.incomplete) {
      const fix = part.error.fix ? ` ${part.error.fix}` : "";
      data.push(withOptional({ type: "text" as const, content: `${part.provider}: could not read ${part.lookup}.${fix}` }, { status: "important", tooltip: part.error.message }));
    }
  }
  return { data, failedCount: Math.max(insights.incomplete.length, incompleteShown), integrationNames };
}
