// The options page: the server URL and token, in chrome.storage.local (read by the background only).
import { DEFAULT_SERVER_URL, isLoopbackServer, normaliseServerUrl, originPattern } from "./settings.js";

const form = document.getElementById("form") as HTMLFormElement;
const serverInput = document.getElementById("serverUrl") as HTMLInputElement;
const tokenInput = document.getElementById("token") as HTMLInputElement;
const status = document.getElementById("status") as HTMLParagraphElement;
const custom = document.getElementById("custom") as HTMLElement;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

/** The server's custom domains (origins), kept here so the permission request stays in the click's gesture. */
let customHosts: string[] = [];

async function showCustomDomains(hosts: string[]): Promise<void> {
  customHosts = hosts;
  custom.hidden = hosts.length === 0;
  (document.getElementById("custom-list") as HTMLElement).textContent = hosts.join(", ");
}

async function load(): Promise<void> {
  const stored = await chrome.storage.local.get(["serverUrl", "token", "customDomains"]);
  serverInput.value = typeof stored.serverUrl === "string" && stored.serverUrl ? stored.serverUrl : DEFAULT_SERVER_URL;
  tokenInput.value = typeof stored.token === "string" ? stored.token : "";
  await showCustomDomains(Array.isArray(stored.customDomains) ? (stored.customDomains as string[]) : []);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const checked = normaliseServerUrl(serverInput.value);
  if (!checked.ok) return say(checked.reason, true);
  // Asked first, while the click still counts as the user's gesture.
  const allowed = isLoopbackServer(checked.url) ? Promise.resolve(true) : chrome.permissions.request({ origins: [originPattern(checked.url)] });
  void allowed.then(async (granted) => {
    if (!granted) return say(`Not saved: the extension needs your permission to reach ${checked.url}.`, true);
    await chrome.storage.local.set({ serverUrl: checked.url, token: tokenInput.value.trim() });
    serverInput.value = checked.url;
    say(`Saved. Reload a CircleCI, Circonus or GitHub page to ask ${checked.url}.`);
    const config = (await chrome.runtime.sendMessage({ kind: "refresh-config" })) as { customDomains?: string[]; error?: string } | undefined;
    if (config?.customDomains) await showCustomDomains(config.customDomains);
    else if (config?.error) say(`Saved, but: ${config.error}`, true);
  });
});

document.getElementById("allow-custom")?.addEventListener("click", () => {
  void chrome.permissions.request({ origins: customHosts.map((origin) => `${origin}/*`) }).then((granted) => {
    say(granted ? "The bar will show on those hosts: reload their pages." : "Not allowed: the bar stays off those hosts.", !granted);
  });
});

void load();
