// Local stand-ins for github.com, app.circleci.com and acme.circonus.com over HTTPS: a plain
// page per URL with hostile CSS (the bar must not inherit it), or, for the screenshots, a
// plausible page (a pipeline, an alert, a repository) for the bar to sit on.
import { createServer } from "node:https";
import { makeCertificate } from "./certificate.mjs";

export const SITE_HOSTS = ["github.com", "app.circleci.com", "acme.circonus.com"];

const TITLES = { "github.com": "GitHub (stand-in)", "app.circleci.com": "CircleCI (stand-in)", "acme.circonus.com": "Circonus (stand-in)" };

/** @param {string} host @param {string} path */
function page(host, path) {
  const title = TITLES[host] ?? `${host} (stand-in)`;
  const text = `${title}: ${path}`.replace(/[<>&"]/g, "");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${text}</title>
<style>
  * { font-family: serif !important; color: rgb(255, 0, 0) !important; }
  div, span, a, ul, li, button { display: none !important; }
  body { margin: 0; background: #fff; }
  main { padding: 24px; font-size: 20px; }
</style></head>
<body><main><h1>${text}</h1><p>A local stand-in page for the extension's test.</p></main></body></html>`;
}

const esc = (text) => String(text).replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

const PLAUSIBLE_CSS = `
  body { margin: 0; font: 14px/1.5 system-ui, sans-serif; color: #24292f; background: #f4f5f7; }
  header { display: flex; gap: 16px; align-items: center; padding: 12px 24px; background: #161616; color: #fff; font-weight: 600; }
  header span { color: #b7b7b7; font-weight: 400; }
  main { padding: 20px 24px; }
  h1 { margin: 0 0 4px; font-size: 22px; }
  .sub { color: #57606a; margin: 0 0 16px; }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #d0d7de; }
  th, td { text-align: left; padding: 10px 12px; border-bottom: 1px solid #eaeef2; }
  th { color: #57606a; font-weight: 600; font-size: 12px; text-transform: uppercase; }
  .ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
  .card { background: #fff; border: 1px solid #d0d7de; padding: 16px; margin-bottom: 12px; }
  .note { color: #8c959f; font-size: 12px; margin-top: 16px; }`;

/** A plausible page for `host` and `path` (screenshots only): what a person would be looking at. */
function plausiblePage(host, path) {
  const pipeline = /^\/pipelines\/([^/]+)\/([^/]+)\/([^/]+)\/(\d+)/.exec(path);
  const alert = /^\/fault-detection\/alerts\/(\d+)/.exec(path);
  let title = `${host}${path}`;
  let body = "";
  if (host === "app.circleci.com" && pipeline) {
    const [, , org, repo, number] = pipeline;
    title = `${repo} pipeline ${number}`;
    body = `<header>CircleCI <span>${esc(org)} / ${esc(repo)} / main / ${esc(number)}</span></header><main>
<h1>Pipeline ${esc(number)}</h1><p class="sub">${esc(org)}/${esc(repo)} · branch main · triggered by a push</p>
<table><tr><th>Workflow</th><th>Status</th><th>Jobs</th><th>Duration</th></tr>
<tr><td>build-and-test</td><td class="ok">Success</td><td>build, test, lint</td><td>3m 41s</td></tr>
<tr><td>deploy-${esc(repo)}</td><td class="ok">Success</td><td>deploy-staging, approve-prod, deploy-prod</td><td>11m 02s</td></tr></table>`;
  } else if (alert) {
    const [, id] = alert;
    title = `Alert ${id}`;
    body = `<header>Circonus <span>Fault detection / Alerts / ${esc(id)}</span></header><main>
<h1>Alert ${esc(id)}</h1><p class="sub"><span class="bad">Severity 2</span> · open · rule: health / duration above threshold</p>
<div class="card"><b>Check</b>: checkout.prod.acme.example health<br><b>Metric</b>: duration<br><b>Tags</b>: service:checkout, env:prod</div>`;
  } else {
    const [, owner = "", repo = ""] = path.split("/");
    title = `${owner}/${repo}`;
    body = `<header>GitHub <span>${esc(owner)} / ${esc(repo)}</span></header><main>
<h1>${esc(owner)}/${esc(repo)}</h1><p class="sub">main · 3 branches · 12 tags</p>
<table><tr><th>Name</th><th>Last commit</th></tr><tr><td>src</td><td>api: change #45</td></tr><tr><td>.circleci</td><td>ci: deploy-checkout workflow</td></tr></table>`;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${PLAUSIBLE_CSS}</style></head>
<body>${body}<p class="note">A local stand-in page: the bar above it is the extension, answered by demo serve.</p></main></body></html>`;
}

/**
 * Starts the stand-in sites on one loopback port (Chromium maps each host's :443 to it).
 * @param {{ look?: "hostile" | "plausible" }} [options] `plausible`: pages for the screenshots
 * @returns {Promise<{ port: number, spkiSha256: string, close: () => Promise<void> }>}
 */
export async function startStandInSites({ look = "hostile" } = {}) {
  const { key, cert, spkiSha256 } = makeCertificate([...SITE_HOSTS, "*.circonus.com", "ci.acme.example"]);
  const server = createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const path = new URL(req.url ?? "/", "https://x").pathname;
    if (path === "/favicon.ico") return void res.writeHead(204).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(look === "plausible" ? plausiblePage(host, path) : page(host, path));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    spkiSha256,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
