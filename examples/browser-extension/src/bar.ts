// Draws the bar in a shadow root. Every node is made with createElement and filled with
// textContent/setAttribute: server strings are never parsed as HTML.
import type { BarState } from "./messages.js";
import { MAX_RESULTS, safeHref, type DropdownItem, type Result, type Status } from "./results.js";

const STYLE = `
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 0; padding: 6px 12px;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #f6f8fa;
  border-bottom: 1px solid #d0d7de; box-sizing: border-box; }
.brand { font-weight: 600; color: #59636e; }
ul { list-style: none; margin: 0; padding: 0; }
.items { display: flex; flex-wrap: wrap; gap: 6px; flex: 1 1 0; min-width: 0; }
.item { display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 10px;
  border: 1px solid #d0d7de; background: #fff; color: #1f2328; }
.status-important { border-color: #cf222e; background: #ffebe9; color: #82071e; }
.status-relevant { border-color: #9a6700; background: #fff8c5; color: #4d2d00; }
.status-success { border-color: #1a7f37; background: #dafbe1; color: #0a3622; }
a.item, button.item { cursor: pointer; font: inherit; text-decoration: underline; }
button.item { text-decoration: none; }
.line { margin: 0; }
.line.error { color: #82071e; font-weight: 600; }
.mark { font-weight: 700; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
a:focus-visible, button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.dropdown { position: relative; }
.menu { position: absolute; top: calc(100% + 4px); left: 0; min-width: 220px; max-height: 60vh; overflow: auto;
  padding: 4px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; box-shadow: 0 8px 24px rgba(0,0,0,.15); }
.menu[hidden] { display: none; }
.menu li { margin: 2px 0; }
.menu .item { display: flex; border-radius: 6px; }
`;

/** Colour alone does not say a status: a mark and words for screen readers go with it. */
const STATUS_LABEL: Record<Exclude<Status, "none">, { mark: string; words: string }> = {
  important: { mark: "!", words: "Important: " },
  relevant: { mark: "•", words: "Relevant: " },
  success: { mark: "✓", words: "OK: " },
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The status mark, hidden words and content, into `node`, with its colour class and tooltip. */
function fill(node: HTMLElement, part: { content: string; status?: Status; tooltip?: string }, suffix = ""): void {
  node.classList.add("item");
  const status = part.status ?? "none";
  node.dataset.status = status;
  if (status !== "none") {
    node.classList.add(`status-${status}`);
    node.append(el("span", { class: "mark", "aria-hidden": "true" }, STATUS_LABEL[status].mark), el("span", { class: "sr" }, STATUS_LABEL[status].words));
  }
  node.append(document.createTextNode(part.content + suffix));
  if (part.tooltip !== undefined) node.setAttribute("title", part.tooltip);
}

function linkOrText(part: { content: string; href: string; status?: Status; tooltip?: string }): HTMLElement {
  const href = safeHref(part.href);
  if (href === undefined) {
    const span = el("span", { "data-unsafe-href": "true" });
    fill(span, part);
    return span;
  }
  const a = el("a", { href, target: "_blank", rel: "noopener noreferrer" });
  fill(a, part);
  return a;
}

let dropdownCount = 0;

function dropdown(result: Result & { type: "dropdown" }): HTMLElement {
  const id = `toolweave-menu-${++dropdownCount}`;
  const box = el("div", { class: "dropdown" });
  const button = el("button", { type: "button", "aria-expanded": "false", "aria-controls": id });
  fill(button, result, " ▾");
  const menu = el("ul", { class: "menu", id, hidden: "" });
  if (result.items.length === 0) menu.append(el("li", { class: "item" }, "(no items)"));
  for (const item of result.items as DropdownItem[]) {
    const li = el("li");
    li.append(linkOrText(item));
    menu.append(li);
  }
  const setOpen = (open: boolean) => {
    button.setAttribute("aria-expanded", String(open));
    menu.hidden = !open;
  };
  // Enter and Space click a button natively, so they open it too.
  button.addEventListener("click", () => setOpen(menu.hidden));
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !menu.hidden) {
      event.stopPropagation();
      setOpen(false);
      button.focus();
    }
  });
  // Leaving the dropdown (by Tab or a click elsewhere) closes it.
  box.addEventListener("focusout", (event) => {
    if (!(event.relatedTarget instanceof Node) || !box.contains(event.relatedTarget)) setOpen(false);
  });
  box.append(button, menu);
  return box;
}

function resultNode(result: Result): HTMLElement {
  switch (result.type) {
    case "link":
      return linkOrText(result);
    case "dropdown":
      return dropdown(result);
    default: {
      const span = el("span");
      fill(span, result);
      return span;
    }
  }
}

/** Draws `state` into `root` (replacing what was there). */
export function renderBar(root: ShadowRoot, state: BarState): void {
  const region = el("div", { class: "bar", role: "region", "aria-label": "toolweave: what your tools say about this page" });
  // For tests and user styles: loading, error, empty or results.
  region.dataset.state = state.kind === "results" && state.results.length === 0 ? "empty" : state.kind;
  region.append(el("span", { class: "brand" }, "toolweave"));
  if (state.kind === "loading") {
    region.append(el("p", { class: "line", role: "status" }, `asking ${state.server}…`));
  } else if (state.kind === "error") {
    region.append(el("p", { class: "line error", role: "alert" }, state.line));
  } else if (state.results.length === 0) {
    // An empty bar would look like all clear: say there was nothing.
    region.append(el("p", { class: "line", role: "status" }, `no results for this page from ${state.server}.`));
  } else {
    const list = el("ul", { class: "items" });
    for (const result of state.results.slice(0, MAX_RESULTS)) {
      const li = el("li");
      li.append(resultNode(result));
      list.append(li);
    }
    if (state.results.length > MAX_RESULTS) {
      const li = el("li");
      fill(li.appendChild(el("span")), { content: `${state.results.length - MAX_RESULTS} more result(s) not shown`, status: "important" });
      list.append(li);
    }
    region.append(list);
  }
  const style = el("style");
  style.textContent = STYLE;
  root.replaceChildren(style, region);
}
