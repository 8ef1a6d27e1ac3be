// The page's own script: reads the embedded blob, fills the filters, and draws the charts
// from the option builders whenever a filter changes. It runs in the browser only (page.ts
// puts it into the page after ui.ts, format.ts and options.ts); the DOM it touches is
// declared here, so the project's TypeScript needs no DOM library.
import {
  cityChoices, compareOption, coverageHtml, coverageOption, defaultLevels, defaultMetric, defaultPeriod, defaultYear, levelChoices,
  metricCounts, provinceChoices, rowsHeight, traceHtml, trendOption, unitsMatching, yearsWithValues,
  type CoverageCell, type Point, type Selection, type View,
} from './options.js';
import type { ReportBlob } from './model.js';
import { LEVEL_NAMES, PERIOD_NAMES, UI } from './ui.js';

interface Elem {
  value: string;
  checked: boolean;
  textContent: string | null;
  innerHTML: string;
  type: string;
  hidden: boolean;
  readonly clientHeight: number;
  style: { height: string };
  appendChild(child: Elem): Elem;
  addEventListener(type: string, fn: () => void): void;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): ArrayLike<Elem>;
}
declare const document: {
  getElementById(id: string): Elem | null;
  createElement(tag: string): Elem;
  documentElement: Elem;
};
declare const window: {
  addEventListener(type: string, fn: () => void): void;
  getComputedStyle(el: Elem): { fontSize: string };
};
interface ChartEvent {
  data: unknown;
}
interface Chart {
  setOption(option: unknown, opts: { notMerge: boolean }): void;
  resize(): void;
  on(event: string, fn: (e: ChartEvent) => void): void;
}
declare const echarts: { init(el: Elem, theme: null, opts: { renderer: 'canvas' }): Chart };
declare function setTimeout(fn: () => void, ms: number): unknown;

function el(id: string): Elem {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

function option(value: string, text: string): Elem {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function fill(select: Elem, choices: Array<[string, string]>, value: string): void {
  select.innerHTML = '';
  for (const [v, t] of choices) select.appendChild(option(v, t));
  select.value = choices.some(([v]) => v === value) ? value : (choices[0]?.[0] ?? '');
}

function main(): void {
  const blob = JSON.parse(el('report-data').textContent ?? '{}') as ReportBlob;
  const view = (): View => ({ fontSize: parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 14 });
  const charts = {
    trend: echarts.init(el('chart-trend'), null, { renderer: 'canvas' }),
    compare: echarts.init(el('chart-compare'), null, { renderer: 'canvas' }),
    coverage: echarts.init(el('chart-coverage'), null, { renderer: 'canvas' }),
  };
  const province = el('f-province');
  const city = el('f-city');
  const period = el('f-period');
  const metric = el('f-metric');
  const year = el('f-year');
  const coverage = el('f-coverage');
  const levels = el('f-level');
  const detail = el('detail');

  // the summary line
  const docs = new Set(blob.rows.flatMap((r) => r.src));
  const years = blob.years.length ? `${blob.years[0]}–${blob.years[blob.years.length - 1]}` : '';
  el('summary').textContent = `${blob.units.length} ${UI.units} · ${years} · ${docs.size} ${UI.docs}`;

  fill(province, [['*', UI.all], ...provinceChoices(blob).map((p): [string, string] => [p, p || '—'])], '*');
  fill(period, blob.periods.map((p): [string, string] => [p, PERIOD_NAMES[p] ?? p]), defaultPeriod(blob));
  const firstLevels = defaultLevels(blob);
  for (const lv of levelChoices(blob)) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = lv;
    box.checked = firstLevels.includes(lv);
    label.appendChild(box);
    const span = document.createElement('span');
    span.textContent = LEVEL_NAMES[lv] ?? lv;
    label.appendChild(span);
    levels.appendChild(label);
    box.addEventListener('change', () => render('units'));
  }
  const fillCities = () =>
    fill(city, [['*', UI.all], ...cityChoices(blob, province.value).map((c): [string, string] => [c, c || '—'])], city.value || '*');
  fillCities();

  const selectedUnits = (): number[] => {
    const boxes = Array.from(levels.querySelectorAll('input'));
    const on = boxes.filter((b) => b.checked).map((b) => b.value);
    if (!on.length) return [];
    return unitsMatching(blob, { province: province.value, city: city.value, levels: on.length === boxes.length ? [] : on });
  };

  let renders = 0;
  let current = { period: '' };

  /** Re-draws what a change touches: 'units' and 'period' refill the metric and year lists. */
  function render(what: 'all' | 'units' | 'year' | 'coverage'): void {
    const units = selectedUnits();
    if (what === 'all' || what === 'units' || current.period !== period.value) {
      const counts = metricCounts(blob, units, period.value);
      const keep = metric.value !== '' ? metric.value : String(defaultMetric(blob, units, period.value));
      fill(metric, blob.metrics.map((m, i): [string, string] => [String(i), `${m.label}（${counts[i]}）`]), keep);
      const cov = coverage.value;
      fill(coverage, [['-1', UI.allMetrics], ...blob.metrics.map((m, i): [string, string] => [String(i), `${m.label}（${counts[i]}）`])], cov || '-1');
    }
    const s: Selection = { metric: Number(metric.value), units, period: period.value };
    if (what !== 'year' && what !== 'coverage') {
      const ys = yearsWithValues(blob, s);
      const keepYear = ys.includes(Number(year.value)) ? year.value : String(defaultYear(blob, s) ?? '');
      fill(year, ys.length ? [...ys].reverse().map((y): [string, string] => [String(y), `${y}年`]) : [['', '—']], keepYear);
    }
    current = { period: s.period };
    const label = blob.metrics[s.metric]?.label ?? '';
    el('trend-title').textContent = label;
    el('compare-title').textContent = label;
    const v = view();
    if (what !== 'coverage') {
      if (what !== 'year') {
        const trend = trendOption(blob, s, v);
        charts.trend.setOption(trend, { notMerge: true });
        const without = units.length - trend.series.length;
        el('trend-note').textContent = without > 0 ? `${without} ${UI.unitsWithout}` : '';
      }
      const cmp = compareOption(blob, { ...s, year: year.value === '' ? null : Number(year.value) }, v);
      const hidden = units.length - (cmp.series[0]?.data.length ?? 0);
      el('compare-note').textContent = hidden > 0 ? `${hidden} ${UI.unitsHidden}` : '';
      el('chart-compare').style.height = `${rowsHeight((cmp.yAxis.data ?? []).length, v, el('chart-trend').clientHeight)}px`;
      charts.compare.resize();
      charts.compare.setOption(cmp, { notMerge: true });
    }
    if (what === 'all' || what === 'units' || what === 'coverage') {
      const cov = coverageOption(blob, { ...s, metric: Number(coverage.value) }, v);
      el('chart-coverage').style.height = `${rowsHeight((cov.yAxis.data ?? []).length, v, 200)}px`;
      charts.coverage.resize();
      charts.coverage.setOption(cov, { notMerge: true });
    }
    // for whoever waits for the charts (the browser test, the screenshots)
    document.documentElement.setAttribute('data-rendered', String(++renders));
  }

  const showDetail = (html: string) => {
    detail.innerHTML = html;
    detail.hidden = false;
  };
  const onPoint = (e: ChartEvent) => {
    const p = e.data as Point | null;
    if (p && typeof p === 'object' && 'r' in p) showDetail(traceHtml(blob, p.r, Number(metric.value)));
  };
  charts.trend.on('click', onPoint);
  charts.compare.on('click', onPoint);
  charts.coverage.on('click', (e) => {
    const d = e.data as CoverageCell | null;
    if (!d || d.r < 0) return;
    showDetail(coverageHtml(blob, d.r, Number(coverage.value)));
  });

  province.addEventListener('change', () => {
    city.value = '*';
    fillCities();
    render('units');
  });
  city.addEventListener('change', () => render('units'));
  period.addEventListener('change', () => render('units'));
  metric.addEventListener('change', () => {
    coverage.value = metric.value;
    render('all');
  });
  year.addEventListener('change', () => render('year'));
  coverage.addEventListener('change', () => render('coverage'));
  let pending = 0;
  window.addEventListener('resize', () => {
    pending++;
    const mine = pending;
    setTimeout(() => {
      if (mine !== pending) return;
      charts.trend.resize();
      render('all');
    }, 120);
  });
  render('all');
}

main();
