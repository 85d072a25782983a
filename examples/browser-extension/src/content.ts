// Runs on the pages the bar serves: sends the page URL to the background, draws what comes back
// at the top of the page in a shadow root (so the page's CSS does not reach it).
import { renderBar } from "./bar.js";
import type { BarState } from "./messages.js";

const HOST_ID = "toolweave-bar-host";
// Inline !important beats the page's own !important rules on the host (`div { display: none !important }`).
const HOST_STYLE = "all: initial !important; display: block !important; position: relative !important; z-index: 2147483647 !important;";

function root(): ShadowRoot {
  let host = document.getElementById(HOST_ID);
  if (!host) {
    // A custom-element name: page rules on `div` miss it, and it may hold a shadow root.
    host = document.createElement("toolweave-bar");
    host.id = HOST_ID;
    host.setAttribute("style", HOST_STYLE);
    host.attachShadow({ mode: "open" });
  }
  // Before <body>: single-page apps (GitHub's Turbo) replace the body, not this.
  if (document.documentElement.firstElementChild !== host) document.documentElement.prepend(host);
  return host.shadowRoot!;
}

let asked = "";

async function show(): Promise<void> {
  const url = location.href;
  if (url === asked && document.getElementById(HOST_ID)?.isConnected) return;
  asked = url;
  renderBar(root(), { kind: "loading", server: "the toolweave server" });
  let state: BarState;
  try {
    state = (await chrome.runtime.sendMessage({ kind: "context", url })) as BarState;
  } catch {
    state = { kind: "error", line: "the toolweave extension was updated or reloaded: reload this page." };
  }
  if (location.href === url) renderBar(root(), state ?? { kind: "error", line: "the toolweave extension did not answer: reload this page." });
}

// Injected once per page, even when a custom domain's registration also matches.
const flags = globalThis as { __toolweaveBar?: true };
if (!flags.__toolweaveBar) {
  flags.__toolweaveBar = true;
  void show();
  // Single-page apps change the URL without loading a page.
  window.addEventListener("popstate", () => void show());
  document.addEventListener("turbo:load", () => void show());
  (window as unknown as { navigation?: EventTarget }).navigation?.addEventListener("navigatesuccess", () => void show());
}
