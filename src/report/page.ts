// The report page: one HTML file with everything inline (styles, ECharts, the page's own
// script and the data), so it opens from disk with no network. Pure: the assets are read
// by assets.ts.
import { escapeHtml } from './format.js';
import { blobScriptText, type ReportBlob } from './model.js';
import { UI } from './ui.js';

export interface PageAssets {
  /** ECharts' dist/echarts.min.js */
  echarts: string;
  /** the page's script: ui, format, options and client, linked by linkModules() */
  script: string;
}

export interface Module {
  /** the name others import it by: "./options.js" */
  name: string;
  /** the compiled module (tsc output): imports of sibling modules only */
  source: string;
}

/**
 * Links compiled sibling modules into one classic script, in the order given (each after
 * those it imports). Each module runs in a function of its own; what it exports goes into
 * one table, and `import { a, b as c } from './x.js'` becomes `const { a, b: c } = table`.
 * This is all the linking the page needs (its modules import nothing else), and it keeps
 * the page a plain script that runs from file://, where module scripts cannot import.
 */
export function linkModules(modules: readonly Module[]): string {
  const done = new Set<string>();
  const parts = ['(function () {', "'use strict';", 'const __modules = Object.create(null);'];
  for (const m of modules) {
    let src = m.source.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
    src = src.replace(/^import\s*\{([^}]*)\}\s*from\s*'(\.\/[\w-]+\.js)';[ \t]*$/gm, (_all, names: string, from: string) => {
      if (!done.has(from)) throw new Error(`linkModules: ${m.name} imports ${from}, which is not before it`);
      const bound = names.split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
      return `const { ${bound.join(', ')} } = __modules[${JSON.stringify(from)}];`;
    });
    const exported: string[] = [];
    src = src.replace(/^export\s+((?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+))/gm, (_all, decl: string, name: string) => {
      exported.push(name);
      return decl;
    });
    const left = /^\s*(import|export)\b.*$/m.exec(src);
    if (left) throw new Error(`linkModules: ${m.name}: cannot link "${left[0].trim()}"`);
    parts.push(`__modules[${JSON.stringify(m.name)}] = (function () {`, src.trim(), `return { ${exported.join(', ')} };`, '})();');
    done.add(m.name);
  }
  parts.push('})();');
  return parts.join('\n');
}

/** Script text made safe inside <script>…</script>: no "</script" can end it early. */
export function scriptSafe(js: string): string {
  if (js.includes('<!--')) throw new Error('a page script holds "<!--", which would change how the browser reads it');
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

const CSS = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #dde2ea; --card: #ffffff; --bg: #f3f5f8; --accent: #3b78c8; }
html { font-size: clamp(13px, 0.55rem + 0.55vw, 24px); }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif; line-height: 1.45; }
header { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; padding: 0.5rem 1rem 0.2rem; }
h1 { font-size: 1.35rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 0; display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; }
.metric-name { color: var(--accent); }
.gap-note { color: #a15c00; font-size: 0.85rem; font-weight: normal; }
#summary { color: var(--muted); margin: 0; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.1rem; padding: 0.35rem 1rem; background: var(--card);
  border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
.filters label, .filters .group { display: inline-flex; align-items: center; gap: 0.35rem; white-space: nowrap; }
.filters .name { color: var(--muted); }
select { font: inherit; padding: 0.1rem 0.3rem; border: 1px solid #b9c1cf; border-radius: 4px; background: #fff; max-width: 22rem; }
#f-level label { gap: 0.15rem; margin-right: 0.4rem; }
input[type=checkbox] { width: 1rem; height: 1rem; margin: 0; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.7rem; padding: 0.7rem 1rem 1rem; }
@media (max-width: 900px) { main { grid-template-columns: minmax(0, 1fr); } }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.55rem 0.7rem; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.chart { width: 100%; height: max(17rem, calc(100vh - 12rem)); max-height: 40rem; }
.note, .hint { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0 0.3rem; }
#detail { grid-column: 1 / -1; background: #fffdf3; border: 1px solid #eadfae; border-radius: 6px; padding: 0.6rem 0.8rem; }
.trace .t-head { font-weight: bold; margin-bottom: 0.2rem; }
.trace .t-key { color: var(--muted); }
.trace .t-written { color: #a4410e; }
.trace mark { background: #ffe28a; color: inherit; padding: 0 0.1em; }
.trace .t-doc { word-break: break-all; }
.trace .t-conflict { color: #a15c00; }
.trace .t-warn { color: #b00020; }
.trace .t-lack { color: var(--muted); }
@media print { .filters { position: static; } }
`;

/** The page, whole. */
export function renderPage(blob: ReportBlob, assets: PageAssets): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(blob.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(blob.title)}</h1><p id="summary"></p></header>
<nav class="filters" aria-label="筛选">
<label><span class="name">${UI.province}</span><select id="f-province"></select></label>
<label><span class="name">${UI.city}</span><select id="f-city"></select></label>
<span class="group"><span class="name">${UI.level}</span><span id="f-level"></span></span>
<label><span class="name">${UI.period}</span><select id="f-period"></select></label>
<label><span class="name">${UI.metric}</span><select id="f-metric"></select></label>
</nav>
<main>
<section class="card"><h2>${UI.trend}<span class="metric-name" id="trend-title"></span><span class="gap-note" id="trend-note"></span></h2><div class="chart" id="chart-trend"></div></section>
<section class="card"><h2>${UI.compare}<span class="metric-name" id="compare-title"></span><select id="f-year" aria-label="${UI.year}"></select><span class="gap-note" id="compare-note"></span></h2><div class="chart" id="chart-compare"></div></section>
<p class="hint" style="grid-column: 1 / -1; margin: 0">${UI.clickHint}</p>
<aside id="detail" hidden></aside>
<section class="card wide"><h2>${UI.coverage}<select id="f-coverage" aria-label="${UI.metric}"></select></h2><p class="note">${UI.coverageNote}</p><div class="chart" id="chart-coverage"></div></section>
</main>
<script type="application/json" id="report-data">${blobScriptText(blob)}</script>
<script>${scriptSafe(assets.echarts)}</script>
<script>${scriptSafe(assets.script)}</script>
</body>
</html>
`;
}
