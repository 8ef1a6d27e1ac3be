// The charts as ECharts option objects computed from the blob: the trend of a metric per
// unit across years (lines), the units compared within one year (bars), the coverage grid,
// and the tooltips that trace each value to its sentence and document. Pure functions of
// (blob, selection, view); they also run in the page (see page.ts), and the tests call
// them directly.
import { escapeHtml, formatCompact, formatFull, markedSentence, writtenForm } from './format.js';
import type { ReportBlob } from './model.js';
import { APPROX_NAMES, DOC_TYPE_NAMES, HOW_NAMES, LEVEL_NAMES, PERIOD_NAMES, UI } from './ui.js';

/** What the reader has chosen. */
export interface Filter {
  province: string;
  city: string;
  /** levels shown; empty: all */
  levels: string[];
}

/** The size the page is seen at. */
export interface View {
  /** the root font size in CSS pixels (about 14 on a laptop, 20 and more on a projector) */
  fontSize: number;
}

export interface Selection {
  /** index in blob.metrics */
  metric: number;
  /** indices in blob.units */
  units: number[];
  period: string;
}

/** A plotted value and where it came from. */
export interface Point {
  value: number;
  /** index in blob.rows */
  r: number;
  /** index in blob.headlines, or -1 */
  h: number;
  symbol?: string;
  symbolSize?: number;
  itemStyle?: { color?: string; borderColor?: string; borderWidth?: number };
}

export interface TooltipParams {
  data: unknown;
  seriesName?: string;
  dataIndex?: number;
}

type Formatter = (p: TooltipParams) => string;

export interface LineSeries {
  type: 'line';
  name: string;
  data: Array<Point | null>;
  connectNulls: boolean;
  showAllSymbol: boolean;
  symbol: string;
  symbolSize: number;
  lineStyle: { width: number };
  emphasis: { focus: 'series' };
}

export interface BarSeries {
  type: 'bar';
  name: string;
  data: Point[];
  barMaxWidth: number;
  label: { show: boolean; position: 'right'; fontSize: number; formatter: (p: { data: unknown }) => string };
}

export interface CoverageCell {
  /** [column, unit row, state]; state: -1 no document, then (metric) 0 missing, 1 reported, 2 conflicting; (all metrics) the number reported */
  value: [number, number, number];
  /** index in blob.rows, or -1 */
  r: number;
}

export interface HeatmapSeries {
  type: 'heatmap';
  name: string;
  data: CoverageCell[];
  label: { show: boolean; fontSize: number; formatter: (p: { data: unknown }) => string };
  itemStyle: { borderColor: string; borderWidth: number };
  emphasis: { itemStyle: { borderColor: string; borderWidth: number } };
}

interface Axis {
  type: 'category' | 'value';
  name?: string;
  data?: string[];
  [k: string]: unknown;
}

export interface ChartOption<S> {
  animation: false;
  color?: string[];
  textStyle: { fontFamily: string; fontSize: number };
  title?: { text: string; left: string; top: string; textStyle: { fontSize: number; color: string; fontWeight: string } };
  tooltip: { trigger: 'item'; confine: boolean; enterable: boolean; formatter: Formatter; extraCssText: string; textStyle: { fontSize: number } };
  legend?: Record<string, unknown>;
  grid: Record<string, unknown>;
  xAxis: Axis;
  yAxis: Axis;
  visualMap?: Record<string, unknown>;
  series: S[];
}

export const FONT_FAMILY = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';

/** Twenty colours that stay apart on a projector. */
export const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f',
  '#393b79', '#ad494a', '#637939', '#e7969c', '#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363', '#843c39',
];

const COLORS = { conflict: '#e08a00', missing: '#f3b3b3', noReport: '#ececec', reported: '#3b78c8', grid: '#ffffff' };

// ---------------------------------------------------------------- choices and filters

const byZh = (a: string, b: string) => a.localeCompare(b, 'zh-CN');

export function provinceChoices(blob: ReportBlob): string[] {
  return [...new Set(blob.units.map((u) => u.province))].sort(byZh);
}

/** The cities of a province ('*': of every province). */
export function cityChoices(blob: ReportBlob, province: string): string[] {
  return [...new Set(blob.units.filter((u) => province === '*' || u.province === province).map((u) => u.city))].sort(byZh);
}

/** The levels present, in the order of LEVEL_NAMES. */
export function levelChoices(blob: ReportBlob): string[] {
  const order = Object.keys(LEVEL_NAMES);
  return [...new Set(blob.units.map((u) => u.level))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * The levels shown first: the most common known one (districts, as a rule), since units of
 * one level are of one size and compare on one axis; all of them when no level is known.
 */
export function defaultLevels(blob: ReportBlob): string[] {
  const count = new Map<string, number>();
  for (const u of blob.units) if (u.level) count.set(u.level, (count.get(u.level) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1])[0];
  return top ? [top[0]] : levelChoices(blob);
}

/** The units the filter lets through, in blob order. `province` or `city` '*': any. */
export function unitsMatching(blob: ReportBlob, f: Filter): number[] {
  const out: number[] = [];
  blob.units.forEach((u, i) => {
    if (f.province !== '*' && u.province !== f.province) return;
    if (f.city !== '*' && u.city !== f.city) return;
    if (f.levels.length && !f.levels.includes(u.level)) return;
    out.push(i);
  });
  return out;
}

/** The period shown first: the annual figures when there are any, else the most common period. */
export function defaultPeriod(blob: ReportBlob): string {
  if (blob.periods.includes('annual')) return 'annual';
  const count = new Map<string, number>();
  for (const r of blob.rows) count.set(r.p, (count.get(r.p) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'annual';
}

/** How many unit-year rows of the period give each metric. */
export function metricCounts(blob: ReportBlob, units: number[], period: string): number[] {
  const shown = new Set(units);
  const counts = blob.metrics.map(() => 0);
  for (const r of blob.rows) {
    if (r.p !== period || !shown.has(r.u)) continue;
    r.v.forEach((v, i) => {
      if (v !== null) counts[i]!++;
    });
  }
  return counts;
}

/** The metric shown first: the one the most rows give. */
export function defaultMetric(blob: ReportBlob, units: number[], period: string): number {
  const counts = metricCounts(blob, units, period);
  let best = 0;
  counts.forEach((c, i) => {
    if (c > counts[best]!) best = i;
  });
  return best;
}

/** The years in which some selected unit gives the metric, ascending. */
export function yearsWithValues(blob: ReportBlob, s: Selection): number[] {
  const shown = new Set(s.units);
  const years = new Set<number>();
  for (const r of blob.rows) {
    if (r.p === s.period && shown.has(r.u) && r.y !== null && r.v[s.metric] !== null) years.add(r.y);
  }
  return [...years].sort((a, b) => a - b);
}

// ---------------------------------------------------------------- tooltips

function conflictOf(blob: ReportBlob, r: number, metric: number): number[] | undefined {
  return blob.rows[r]!.alt?.[metric];
}

function where(blob: ReportBlob, r: number): string {
  const row = blob.rows[r]!;
  const unit = blob.units[row.u]!;
  const year = row.y === null ? UI.unknownYear : `${row.y}年`;
  return `${escapeHtml(unit.name)} · ${year} · ${escapeHtml(PERIOD_NAMES[row.p] ?? row.p)}`;
}

function line(name: string, html: string): string {
  return `<div class="t-line"><span class="t-key">${name}：</span>${html}</div>`;
}

/**
 * The trace of one value: the unit, year and metric, the value, the figure as written, its
 * sentence with the figure marked, the document, why it was chosen, and other documents
 * that disagree. `maxSentence` cuts a long sentence around the figure (tooltips).
 */
export function traceHtml(blob: ReportBlob, r: number, metric: number, maxSentence = Infinity): string {
  const row = blob.rows[r]!;
  const m = blob.metrics[metric]!;
  const value = row.v[metric];
  const parts = [`<div class="t-head">${where(blob, r)}</div>`];
  if (value === null || value === undefined) {
    parts.push(line(escapeHtml(m.label), `<b>${UI.missing}</b>`));
    parts.push(line(UI.sources, escapeHtml(row.src.join('；'))));
    return `<div class="trace">${parts.join('')}</div>`;
  }
  parts.push(line(escapeHtml(m.label), `<b>${escapeHtml(formatFull(value, m.unit))}</b>`));
  const hi = row.h[metric] ?? -1;
  if (hi >= 0) {
    const h = blob.headlines[hi]!;
    const approx = APPROX_NAMES[h.approx] ? `（${APPROX_NAMES[h.approx]}）` : '';
    parts.push(line(UI.written, `<b class="t-written">${escapeHtml(writtenForm(h.approx, h.text))}</b>${approx}`));
    parts.push(line(UI.sentence, `<span class="t-sentence">${markedSentence(blob.sentences[h.sentence]!, h.text, maxSentence)}</span>`));
    const type = DOC_TYPE_NAMES[h.doc_type] ? `（${DOC_TYPE_NAMES[h.doc_type]}）` : '';
    parts.push(line(UI.document, `<span class="t-doc">${escapeHtml(blob.docs[h.doc]!)}</span>${type}`));
    if (h.how) parts.push(line(UI.how, escapeHtml(HOW_NAMES[h.how] ?? h.how)));
  } else {
    parts.push(`<div class="t-line t-warn">${UI.traceMissing}</div>`);
    parts.push(line(UI.sources, escapeHtml(row.src.join('；'))));
  }
  const alt = conflictOf(blob, r, metric);
  if (alt) {
    const others = alt.map((ai) => {
      const a = blob.headlines[ai]!;
      return `${escapeHtml(formatFull(a.value, m.unit))}（${escapeHtml(writtenForm(a.approx, a.text))}，${escapeHtml(blob.docs[a.doc]!)}）`;
    });
    parts.push(`<div class="t-line t-conflict"><span class="t-key">${UI.conflict}：</span>${others.length ? `${UI.otherSources} ${others.join('；')}` : escapeHtml(row.src.join('；'))}</div>`);
  }
  return `<div class="trace">${parts.join('')}</div>`;
}

/** What a coverage cell holds: for one metric its trace; for all, which metrics are and are not reported. */
export function coverageHtml(blob: ReportBlob, r: number, metric: number): string {
  if (metric >= 0) return traceHtml(blob, r, metric, 160);
  const row = blob.rows[r]!;
  const have = blob.metrics.filter((_, i) => row.v[i] !== null).map((m) => escapeHtml(m.label));
  const lack = blob.metrics.filter((_, i) => row.v[i] === null).map((m) => escapeHtml(m.label));
  return `<div class="trace"><div class="t-head">${where(blob, r)}</div>` +
    line(`${UI.reported} ${have.length}`, have.join('、') || '—') +
    line(`${UI.notReported} ${lack.length}`, `<span class="t-lack">${lack.join('、') || '—'}</span>`) +
    line(UI.sources, escapeHtml(row.src.join('；'))) + '</div>';
}

const TOOLTIP_CSS = 'max-width: min(36em, 80vw); white-space: normal; word-break: break-all; line-height: 1.5;';

function tooltip(view: View, formatter: Formatter): ChartOption<unknown>['tooltip'] {
  return { trigger: 'item', confine: true, enterable: false, formatter, extraCssText: TOOLTIP_CSS, textStyle: { fontSize: Math.round(view.fontSize * 0.9) } };
}

function isPoint(d: unknown): d is Point {
  return typeof d === 'object' && d !== null && 'r' in d && 'value' in d;
}

function emptyTitle(view: View, text: string): NonNullable<ChartOption<unknown>['title']> {
  return { text, left: 'center', top: 'middle', textStyle: { fontSize: view.fontSize, color: '#888', fontWeight: 'normal' } };
}

function base(view: View) {
  return { animation: false as const, textStyle: { fontFamily: FONT_FAMILY, fontSize: Math.round(view.fontSize * 0.9) } };
}

function valueAxis(metricUnit: string, view: View, name: string, extra: Record<string, unknown> = {}): Axis {
  return {
    type: 'value',
    name,
    nameTextStyle: { fontSize: Math.round(view.fontSize * 0.85), color: '#555' },
    // percents close to 100% stay readable: the axis need not start at 0
    scale: metricUnit === 'percent',
    axisLabel: { fontSize: Math.round(view.fontSize * 0.85), formatter: (v: number) => formatCompact(v, metricUnit) },
    splitLine: { lineStyle: { color: '#e6e6e6' } },
    ...extra,
  };
}

// ---------------------------------------------------------------- the charts

/** The trend: one line per unit giving the metric, across the years it is given in; a missing year is a gap. */
export function trendOption(blob: ReportBlob, s: Selection, view: View): ChartOption<LineSeries> {
  const m = blob.metrics[s.metric]!;
  const years = yearsWithValues(blob, s);
  const first = years[0];
  const last = years[years.length - 1];
  const axisYears: number[] = [];
  if (first !== undefined && last !== undefined) for (let y = first; y <= last; y++) axisYears.push(y);
  const column = new Map(axisYears.map((y, i) => [y, i]));
  const byUnit = new Map<number, Array<Point | null>>();
  blob.rows.forEach((row, r) => {
    const v = row.v[s.metric];
    if (row.p !== s.period || row.y === null || v === null || v === undefined) return;
    if (!s.units.includes(row.u)) return;
    let data = byUnit.get(row.u);
    if (!data) {
      data = axisYears.map(() => null);
      byUnit.set(row.u, data);
    }
    const conflict = conflictOf(blob, r, s.metric) !== undefined;
    const p: Point = { value: v, r, h: row.h[s.metric] ?? -1 };
    if (conflict) {
      p.symbol = 'diamond';
      p.symbolSize = Math.round(view.fontSize * 1.1);
      p.itemStyle = { borderColor: COLORS.conflict, borderWidth: 3 };
    }
    data[column.get(row.y)!] = p;
  });
  const series: LineSeries[] = s.units.filter((u) => byUnit.has(u)).map((u) => ({
    type: 'line',
    name: blob.units[u]!.name,
    data: byUnit.get(u)!,
    connectNulls: false,
    showAllSymbol: true,
    symbol: 'circle',
    symbolSize: Math.round(view.fontSize * 0.6),
    lineStyle: { width: 2 },
    emphasis: { focus: 'series' },
  }));
  const legendFont = Math.round(view.fontSize * 0.85);
  const longest = Math.max(0, ...series.map((x) => x.name.length));
  const legendWidth = Math.round(Math.min(longest, 16) * legendFont + legendFont * 2.5);
  const option: ChartOption<LineSeries> = {
    ...base(view),
    color: PALETTE,
    tooltip: tooltip(view, (p) => (isPoint(p.data) ? traceHtml(blob, p.data.r, s.metric, 220) : '')),
    // the units down the right, so every name shows in full (it scrolls past one screen)
    legend: {
      type: 'scroll', orient: 'vertical', right: 0, top: view.fontSize * 2, bottom: view.fontSize,
      textStyle: { fontSize: legendFont }, itemGap: Math.round(view.fontSize * 0.5),
    },
    grid: { left: view.fontSize, right: legendWidth + view.fontSize * 2.5, top: view.fontSize * 2.5, bottom: view.fontSize * 0.8 },
    xAxis: { type: 'category', name: UI.year, data: axisYears.map(String), boundaryGap: false, axisLabel: { fontSize: Math.round(view.fontSize * 0.85) }, nameTextStyle: { fontSize: Math.round(view.fontSize * 0.85), color: '#555' } },
    yAxis: valueAxis(m.unit, view, m.label),
    series,
  };
  if (!series.length) option.title = emptyTitle(view, UI.noData);
  return option;
}

/** The year the comparison shows first: the latest in which the metric is given. */
export function defaultYear(blob: ReportBlob, s: Selection): number | null {
  const years = yearsWithValues(blob, s);
  return years.length ? years[years.length - 1]! : null;
}

/** The units giving the metric in one year, largest on top. */
export function compareOption(blob: ReportBlob, s: Selection & { year: number | null }, view: View): ChartOption<BarSeries> {
  const m = blob.metrics[s.metric]!;
  const points: Array<Point & { name: string }> = [];
  blob.rows.forEach((row, r) => {
    const v = row.v[s.metric];
    if (row.p !== s.period || row.y !== s.year || s.year === null || v === null || v === undefined) return;
    if (!s.units.includes(row.u)) return;
    const p: Point & { name: string } = { name: blob.units[row.u]!.name, value: v, r, h: row.h[s.metric] ?? -1 };
    if (conflictOf(blob, r, s.metric) !== undefined) p.itemStyle = { borderColor: COLORS.conflict, borderWidth: 3 };
    points.push(p);
  });
  // ascending: the category axis runs upward, so the largest stands on top
  points.sort((a, b) => a.value - b.value || byZh(b.name, a.name));
  const option: ChartOption<BarSeries> = {
    ...base(view),
    color: [COLORS.reported],
    tooltip: tooltip(view, (p) => (isPoint(p.data) ? traceHtml(blob, p.data.r, s.metric, 220) : '')),
    grid: { left: view.fontSize, right: view.fontSize * 4, top: view.fontSize * 2, bottom: view.fontSize * 0.8 },
    xAxis: valueAxis(m.unit, view, '', { scale: false, splitNumber: 4 }),
    yAxis: { type: 'category', data: points.map((p) => p.name), axisLabel: { fontSize: Math.round(view.fontSize * 0.85), interval: 0 }, axisTick: { show: false } },
    series: [{
      type: 'bar',
      name: m.label,
      data: points,
      barMaxWidth: Math.round(view.fontSize * 2),
      label: { show: true, position: 'right', fontSize: Math.round(view.fontSize * 0.8), formatter: (p) => (isPoint(p.data) ? formatCompact(p.data.value, m.unit) : '') },
    }],
  };
  if (!points.length) option.title = emptyTitle(view, UI.noData);
  return option;
}

/** Pixel height that keeps each bar or grid row readable (at least `min`). */
export function rowsHeight(rows: number, view: View, min: number): number {
  return Math.max(min, Math.round(rows * view.fontSize * 2 + view.fontSize * 6));
}

/**
 * The coverage grid: a cell per unit and year; for one metric (index) whether it is given,
 * missing, or given differently by two documents; for all metrics (-1) how many are given.
 * A unit-year without a document is a cell of its own kind (无报告), never a blank.
 */
export function coverageOption(blob: ReportBlob, s: Selection, view: View): ChartOption<HeatmapSeries> {
  const shown = new Set(s.units);
  const rows = blob.rows.map((row, r) => ({ row, r })).filter(({ row }) => row.p === s.period && shown.has(row.u));
  // every year from the first to the last, so a year no unit reports on shows too
  const columns: Array<number | null> = [];
  const first = blob.years[0];
  const last = blob.years[blob.years.length - 1];
  if (first !== undefined && last !== undefined) for (let y = first; y <= last; y++) columns.push(y);
  if (rows.some(({ row }) => row.y === null)) columns.push(null);
  const cellRow = new Map<string, number>();
  for (const { row, r } of rows) {
    const k = `${row.u}|${row.y}`;
    if (!cellRow.has(k)) cellRow.set(k, r);
  }
  const all = s.metric < 0;
  const data: CoverageCell[] = [];
  let most = 0;
  s.units.forEach((u, yi) => {
    columns.forEach((y, xi) => {
      const r = cellRow.get(`${u}|${y}`);
      if (r === undefined) {
        data.push({ value: [xi, yi, -1], r: -1 });
        return;
      }
      const row = blob.rows[r]!;
      let state: number;
      if (all) {
        state = row.v.filter((v) => v !== null).length;
        most = Math.max(most, state);
      } else state = row.v[s.metric] === null ? 0 : conflictOf(blob, r, s.metric) !== undefined ? 2 : 1;
      data.push({ value: [xi, yi, state], r });
    });
  });
  const fs = Math.round(view.fontSize * 0.8);
  const pieces = all ? countPieces(most) : [
    { value: 1, label: UI.reported, color: COLORS.reported },
    { value: 2, label: UI.conflict, color: COLORS.conflict },
    { value: 0, label: `${UI.missing}（${UI.notReported}）`, color: COLORS.missing },
    { value: -1, label: UI.noReport, color: COLORS.noReport },
  ];
  const m = all ? null : blob.metrics[s.metric]!;
  return {
    ...base(view),
    tooltip: tooltip(view, (p) => {
      const d = p.data as CoverageCell;
      if (!d || d.r < 0) {
        const unit = blob.units[s.units[d?.value[1] ?? 0]!];
        const y = columns[d?.value[0] ?? 0];
        return `<div class="trace"><div class="t-head">${escapeHtml(unit?.name ?? '')} · ${y === null || y === undefined ? UI.unknownYear : `${y}年`}</div>${UI.noReport}</div>`;
      }
      return coverageHtml(blob, d.r, s.metric);
    }),
    grid: { left: view.fontSize, right: view.fontSize, top: view.fontSize * 4.4, bottom: view.fontSize * 0.8 },
    xAxis: { type: 'category', data: columns.map((y) => (y === null ? UI.unknownYear : String(y))), position: 'top', splitArea: { show: false }, axisLabel: { fontSize: Math.round(view.fontSize * 0.85) }, axisTick: { show: false } },
    yAxis: { type: 'category', data: s.units.map((u) => blob.units[u]!.name), inverse: true, axisLabel: { fontSize: Math.round(view.fontSize * 0.85), interval: 0 }, axisTick: { show: false } },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      pieces,
      orient: 'horizontal',
      top: 0,
      right: 0,
      itemWidth: fs,
      itemHeight: fs,
      textStyle: { fontSize: fs },
      selectedMode: false,
    },
    series: [{
      type: 'heatmap',
      name: m ? m.label : UI.allMetrics,
      data,
      label: {
        show: true,
        fontSize: fs,
        formatter: (p) => {
          const d = p.data as CoverageCell;
          const state = d.value[2];
          if (state < 0) return '';
          if (all) return String(state);
          if (state === 0) return UI.missing;
          const v = blob.rows[d.r]!.v[s.metric];
          return v === null || v === undefined ? '' : formatCompact(v, m!.unit);
        },
      },
      itemStyle: { borderColor: COLORS.grid, borderWidth: 2 },
      emphasis: { itemStyle: { borderColor: '#333', borderWidth: 2 } },
    }],
  };
}

/** The legend of the all-metrics grid: none, no document, then up to four bands of counts. */
function countPieces(most: number): Array<Record<string, unknown>> {
  const blues = ['#c6dbef', '#9ecae1', '#4292c6', '#08519c'];
  const pieces: Array<Record<string, unknown>> = [
    { value: -1, label: UI.noReport, color: COLORS.noReport },
    { value: 0, label: `0 ${UI.metricsReported}`, color: COLORS.missing },
  ];
  if (most < 1) return pieces;
  const bands = Math.min(4, most);
  const step = most / bands;
  let from = 1;
  for (let b = 0; b < bands; b++) {
    const to = b === bands - 1 ? most : Math.max(from, Math.round(step * (b + 1)));
    if (from > to) continue;
    pieces.push({ gte: from, lte: to, label: from === to ? `${from} ${UI.metricsReported}` : `${from}–${to} ${UI.metricsReported}`, color: blues[b + 4 - bands] });
    from = to + 1;
  }
  return pieces;
}
