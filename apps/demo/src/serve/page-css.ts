/** The page's stylesheet, served as `/assets/page.css` (the CSP allows styles from the page's own origin only). */
export const PAGE_CSS = `
:root {
  --ink: #101828; --muted: #475467; --faint: #667085; --line: #d0d5dd; --soft: #f2f4f7; --bg: #ffffff;
  --accent: #1849a9; --accent-soft: #eff4ff; --warn-bg: #fffaeb; --warn-line: #fec84b; --bad: #b42318; --good: #067647;
  --focus: #1849a9;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; color: var(--ink); background: var(--soft);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5;
}
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.tw-chart a:focus-visible { outline: none; }
.tw-chart a:focus-visible .tw-shape { stroke: var(--focus); stroke-width: 4; }
.tw-chart a:focus-visible .tw-span-label { text-decoration: underline; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--ink); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; top: 1rem; }
.skip-chart { margin: 0; height: 0; overflow: hidden; }
.skip-chart:focus-within { height: auto; overflow: visible; margin: 0 0 .5rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
header.top { background: var(--ink); color: #fff; }
header.top .bar { max-width: 1240px; margin: 0 auto; padding: .75rem 1.5rem; display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
header.top .brand { font-weight: 700; letter-spacing: .01em; color: #fff; text-decoration: none; font-size: 1.05rem; }
header.top .brand span { font-weight: 400; color: #d0d5dd; }
.mode { margin-left: auto; font-size: .85rem; padding: .2rem .6rem; border-radius: 999px; border: 1px solid #98a2b3; }
.mode.simulated { background: #fef0c7; color: #7a2e0e; border-color: #fec84b; font-weight: 700; }
.mode.live { background: #d1fadf; color: #054f31; border-color: #6ce9a6; }
.sim-banner { background: var(--warn-bg); border-bottom: 1px solid var(--warn-line); }
.sim-banner p { max-width: 1240px; margin: 0 auto; padding: .5rem 1.5rem; font-size: .9rem; }
.layout { max-width: 1240px; margin: 0 auto; padding: 1.5rem; display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 1.5rem; align-items: start; }
nav.services { background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; }
/* Sticky only beside the content: above it on a narrow screen it would cover what it sits over. */
@media (min-width: 821px) { nav.services { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow-y: auto; } }
nav.services h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 .5rem; }
nav.services ul { list-style: none; margin: 0; padding: 0; }
nav.services li a { display: block; padding: .35rem .6rem; border-radius: 6px; text-decoration: none; color: var(--ink); }
nav.services li a:hover { background: var(--soft); }
nav.services li a[aria-current="page"] { background: var(--accent-soft); color: var(--accent); font-weight: 600; box-shadow: inset 3px 0 0 var(--accent); }
nav.services .envs { display: block; font-size: .78rem; color: var(--faint); font-weight: 400; }
nav.services form { display: flex; gap: .4rem; margin: 0 0 .5rem; }
nav.services input { font: inherit; min-width: 0; flex: 1; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 6px; }
nav.services button { padding: .3rem .7rem; }
nav.services .more { font-size: .8rem; color: var(--muted); margin: .4rem 0 0; }
/* A narrow screen: one scrolling row of services above the content, not a column of them. */
@media (max-width: 820px) {
  .layout { grid-template-columns: minmax(0, 1fr); padding: 1rem .75rem; gap: 1rem; }
  nav.services { padding: .6rem .75rem; display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .75rem; }
  nav.services h2 { margin: 0; }
  nav.services form { margin: 0; flex: 1 1 12rem; }
  nav.services ul { display: flex; gap: .4rem; overflow-x: auto; flex: 1 1 100%; }
  nav.services li a { white-space: nowrap; padding: .25rem .6rem; border: 1px solid var(--line); }
  nav.services .envs { display: none; }
  nav.services .more { flex: 1 1 100%; margin: 0; }
  .card { padding: .9rem .8rem; }
}
main { min-width: 0; }
.card { min-width: 0; overflow-wrap: break-word; background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 1.1rem 1.3rem; margin-bottom: 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
h3 { font-size: .95rem; margin: 1rem 0 .4rem; }
.sub { color: var(--muted); margin: 0; }
.sub span + span::before { content: " · "; color: var(--line); }
form.window { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: end; margin-top: 1rem; }
form.window label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); gap: .2rem; }
select, button { font: inherit; padding: .35rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); }
button { background: var(--ink); color: #fff; border-color: var(--ink); cursor: pointer; padding: .35rem 1rem; }
.suspects { list-style: none; margin: 0; padding: 0; }
.suspects li { padding: .6rem .8rem; border: 1px solid var(--line); border-left: 4px solid var(--bad); border-radius: 6px; margin-bottom: .5rem; background: #fffbfa; }
.suspects .why { display: block; font-size: .85rem; color: var(--muted); }
.none { color: var(--muted); margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; list-style: none; padding: .6rem 0 0; margin: .4rem 0 0; border-top: 1px solid var(--soft); font-size: .82rem; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: .35rem; }
.legend svg { flex: none; }
.chart-wrap { overflow-x: auto; }
/* A table wider than its card scrolls inside its own box, never the page. */
.table-wrap { overflow-x: auto; max-width: 100%; }
.pager { display: flex; gap: 1rem; align-items: center; margin: .75rem 0 0; font-size: .9rem; }
.tw-chart { display: block; min-width: 640px; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .4rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--soft); vertical-align: top; }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1px solid var(--line); }
tr:target { background: #fef0c7; }
tr:target td:first-child { box-shadow: inset 4px 0 0 #f79009; }
.kind { display: inline-block; font-size: .78rem; font-weight: 600; padding: .05rem .45rem; border-radius: 4px; border: 1px solid var(--line); white-space: nowrap; }
.kind-deploy { background: #ecfdf3; color: var(--good); border-color: #abefc6; }
.kind-deploy-failed { background: #fef3f2; color: var(--bad); border-color: #fecdca; }
.kind-alert-opened { background: #fff6ed; color: #b93815; border-color: #f9dbaf; }
.kind-alert-cleared { background: #f2f4f7; color: #344054; }
.kind-annotation { background: #f4f3ff; color: #5925dc; border-color: #d9d6fe; }
.when, th, .kind, td:first-child { white-space: nowrap; }
/* break-word, not anywhere: "anywhere" lets a table squeeze the column to one character per line. */
.long { overflow-wrap: break-word; min-width: 9rem; }
td.what { min-width: 16rem; }
.state { font-weight: 600; }
.state-success { color: var(--good); }
.state-failed, .state-error, .state-errored { color: var(--bad); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); gap: 1.25rem; margin-bottom: 1.25rem; }
.grid2 > .card { margin-bottom: 0; }
.problems { border-color: var(--warn-line); background: var(--warn-bg); }
.problems li { margin-bottom: .5rem; }
.problems .fix { display: block; }
.unexplained { margin: 0; padding-left: 1.2rem; font-size: .9rem; }
.unexplained li { margin-bottom: .2rem; }
.marker { color: #5925dc; }
.delivery-figures th[scope="row"] { text-transform: none; letter-spacing: 0; font-size: .9rem; color: var(--ink); font-weight: 600; border-bottom-color: var(--soft); }
.delivery-figures .figure-value { white-space: nowrap; font-variant-numeric: tabular-nums; }
.delivery-figures .per { color: var(--muted); }
.delivery-figures .reason { color: var(--muted); }
.figure-incomplete { color: var(--bad); }
.delivery-failures { margin: 0; padding-left: 1.2rem; font-size: .9rem; }
.delivery-failures li { margin-bottom: .3rem; }
footer { max-width: 1240px; margin: 0 auto; padding: 0 1.5rem 2rem; color: var(--faint); font-size: .8rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;

/** The page's icon, served as `/assets/icon.svg`. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#101828"/><path d="M6 22h20M9 22V12l3-4 3 4v10M19 22v-6l3-3 3 3v6" stroke="#fec84b" stroke-width="2.4" fill="none" stroke-linejoin="round"/></svg>`;
