/**
 * The stylesheet of an HTML report, inlined in the page (no font, image or
 * file is fetched): system fonts, green `+`, amber `~`, red `-`, light and
 * dark schemes, and a print layout without the filter bar.
 */
import { createHash } from 'node:crypto';

export const reportStyle = `
:root {
  color-scheme: light dark;
  --bg: #f5f7fa; --card: #ffffff; --text: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #eef1f4;
  --accent: #0b5cad;
  --add: #1a7f37; --add-bg: #dafbe1; --change: #8a5a00; --change-bg: #fff1c2; --remove: #c4262e; --remove-bg: #ffe3e1;
  --skip: #59636e; --skip-bg: #eaeef2;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", "Liberation Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #161b22; --text: #e6edf3; --muted: #9198a1; --line: #30363d; --soft: #1f252d;
    --accent: #4493f8;
    --add: #3fb950; --add-bg: #12361f; --change: #d29922; --change-bg: #3a2d0c; --remove: #f85149; --remove-bg: #47191a;
    --skip: #9198a1; --skip-bg: #262c34;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
}
main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 64px; }
h1 { font-size: 26px; line-height: 1.25; margin: 2px 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 22px 0 8px; }
.eyebrow { color: var(--muted); font-size: 13px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; }
.stance { display: inline-block; margin: 4px 0 14px; padding: 2px 10px; border-radius: 999px; background: var(--soft); color: var(--muted); font-size: 13px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 16px 0; overflow-x: auto; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.banner { border-radius: 10px; padding: 12px 16px; margin: 16px 0; font-weight: 600; border: 1px solid; }
.banner.alarm { background: var(--remove-bg); color: var(--remove); border-color: var(--remove); }
.banner.good { background: var(--add-bg); color: var(--add); border-color: var(--add); }
.banner.warn { background: var(--change-bg); color: var(--change); border-color: var(--change); }
.columns { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 16px; align-items: start; }
.columns > .card { margin: 0; }
@media (max-width: 820px) { .columns { grid-template-columns: 1fr; } }
@media (max-width: 600px) { main { padding: 12px 10px 40px; } .card { padding: 14px; } h1 { font-size: 22px; } }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th { text-align: left; color: var(--muted); font-weight: 600; font-size: 13px; white-space: nowrap; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
td.zero { color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-bottom: none; }
td.sign-cell { width: 2.2em; }
.sign { display: inline-flex; align-items: center; justify-content: center; width: 1.55em; height: 1.55em; border-radius: 5px;
  font: 700 14px/1 var(--mono); flex: none; }
.sign-add { color: var(--add); background: var(--add-bg); }
.sign-change { color: var(--change); background: var(--change-bg); }
.sign-remove { color: var(--remove); background: var(--remove-bg); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 700; letter-spacing: 0.02em; white-space: nowrap; }
.state-ok, .outcome-applied { color: var(--add); background: var(--add-bg); }
.state-over, .outcome-failed { color: var(--remove); background: var(--remove-bg); }
.state-overridden, .outcome-unconfirmed { color: var(--change); background: var(--change-bg); }
.outcome-skipped { color: var(--skip); background: var(--skip-bg); }
ul.plain { margin: 0; padding-left: 1.2em; }
ul.plain li { margin: 3px 0; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 14px; margin: 6px 0 0; }
.paragraph { margin: 8px 0; }
.filters { position: sticky; top: 0; z-index: 2; background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 14px; margin: 16px 0 8px; box-shadow: 0 2px 10px rgba(31, 35, 40, 0.07); }
.filter-row { display: flex; flex-wrap: wrap; gap: 8px 10px; align-items: center; }
.filter-row + .filter-row { margin-top: 10px; }
.search { flex: 1 1 320px; min-width: 220px; font: inherit; padding: 7px 12px; border-radius: 8px; border: 1px solid var(--line);
  background: var(--bg); color: var(--text); }
.search:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
.shown { font-weight: 600; font-variant-numeric: tabular-nums; }
button { font: inherit; font-size: 13px; padding: 5px 12px; border-radius: 8px; border: 1px solid var(--line); background: var(--soft);
  color: var(--text); cursor: pointer; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px 3px 6px; border: 1px solid var(--line); border-radius: 999px;
  font-size: 13px; cursor: pointer; user-select: none; background: var(--card); }
.chip input { margin: 0; accent-color: var(--accent); }
.chip .sign { width: 1.35em; height: 1.35em; font-size: 12px; }
.chip .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.stage h3 { display: flex; gap: 8px; align-items: baseline; }
.stage h3 .muted { font-weight: 400; }
ol.change-list { list-style: none; margin: 0; padding: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
li.change { display: flex; gap: 10px; padding: 8px 14px; border-bottom: 1px solid var(--line);
  content-visibility: auto; contain-intrinsic-size: auto 40px; }
li.change:last-child { border-bottom: none; }
.change-body { min-width: 0; flex: 1; }
.headline { overflow-wrap: anywhere; }
.who { color: var(--muted); font-size: 13px; margin-left: 6px; }
.detail { margin: 2px 0 0; padding: 0; list-style: none; font: 13px/1.5 var(--mono); color: var(--muted); overflow-wrap: anywhere; }
.detail .drift { color: var(--change); }
details summary { cursor: pointer; color: var(--accent); font-size: 13px; }
details .members { font: 13px/1.6 var(--mono); color: var(--muted); overflow-wrap: anywhere; margin-top: 4px; }
.error { color: var(--remove); margin: 2px 0 0; }
.change .badge { margin-left: 8px; vertical-align: 1px; }
footer { color: var(--muted); font-size: 13px; margin-top: 28px; }
code { font-family: var(--mono); font-size: 0.92em; }
@media print {
  body { background: #fff; }
  .filters { display: none; }
  .card, ol.change-list { border-color: #bbb; }
  li.change { content-visibility: visible; break-inside: avoid; }
}
`;

/** `sha256-…` of the stylesheet, for the page's Content-Security-Policy. */
export const reportStyleHash = `sha256-${createHash('sha256').update(reportStyle).digest('base64')}`;
