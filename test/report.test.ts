// The report without a browser: the loader, the blob, the option builders (series, points,
// axis labels, tooltips), the page and the command.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../src/cli/report.js';
import type { MetricInfo, ReportData } from '../src/report/data.js';
import { escapeHtml, formatCompact, formatFull, groupThousands, markedSentence, writtenForm } from '../src/report/format.js';
import { findTables, loadReportData, parseTable } from '../src/report/load.js';
import { blobScriptText, buildBlob, parseSources, type ReportBlob } from '../src/report/model.js';
import {
  cityChoices, compareOption, coverageOption, defaultLevels, defaultMetric, defaultPeriod, defaultYear, levelChoices,
  provinceChoices, traceHtml, trendOption, unitsMatching, type Point, type Selection,
} from '../src/report/options.js';
import { linkModules, renderPage, scriptSafe } from '../src/report/page.js';
import { loadAssets } from '../src/report/assets.js';
import { UI } from '../src/report/ui.js';
import { loadRules } from '../src/rules/load.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'fixtures', 'report');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-report-'));
const VIEW = { fontSize: 14 };

let declared: MetricInfo[];
let data: ReportData;
let blob: ReportBlob;

beforeAll(() => {
  const rules = loadRules();
  if (!rules.ok) throw new Error('rules do not load');
  declared = rules.rules.metrics.map(({ id, unit, label, description, family }) => ({ id, unit, label, description, family }));
  const read = loadReportData(path.join(FIXTURES, 'jsonl'), declared);
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  data = read.data;
  blob = buildBlob(data);
});

const metricIndex = (id: string) => blob.metrics.findIndex((m) => m.id === id);
const unitIndex = (name: string) => blob.units.findIndex((u) => u.name === name);
const rowOf = (unit: string, year: number | null, period = 'annual') => blob.rows.findIndex((r) => r.u === unitIndex(unit) && r.y === year && r.p === period);
const districts = () => unitsMatching(blob, { province: '*', city: '*', levels: ['district'] });

describe('loading the tables', () => {
  it('reads JSON Lines, JSON and CSV (with its BOM and formula quotes) alike', () => {
    const csv = loadReportData(path.join(FIXTURES, 'csv'), declared);
    expect(csv.ok && csv.data).toEqual(data);
    // JSON: the same rows as arrays
    const dir = tmp();
    for (const t of ['units', 'metrics']) {
      const rows = readFileSync(path.join(FIXTURES, 'jsonl', `${t}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      writeFileSync(path.join(dir, `${t}.json`), JSON.stringify(rows, null, 2));
    }
    const json = loadReportData(dir, declared);
    expect(json.ok && json.data).toEqual(data);
    // the sentence CSV wrote as "'-上半年…" reads back as written
    expect(data.headlines.some((h) => h.sentence.startsWith('-上半年'))).toBe(true);
  });

  it('labels metrics from the rules, and an undeclared one by its id', () => {
    expect(data.metrics.find((m) => m.id === 'mediation.cases')).toMatchObject({ label: '调解案件数', unit: 'case' });
    expect(data.metrics.find((m) => m.id === 'mediation.success_rate')).toMatchObject({ unit: 'percent' });
    expect(data.metrics).toHaveLength(declared.length);
    const read = loadReportData(path.join(FIXTURES, 'jsonl'), declared.filter((m) => m.id !== 'notary.cases'));
    expect(read.ok && read.data.metrics.find((m) => m.id === 'notary.cases')).toMatchObject({ label: 'notary.cases', family: 'notary' });
  });

  it('prefers JSON Lines, then JSON, then CSV, taking both tables in one format', () => {
    const has = (...files: string[]) => (f: string) => files.includes(path.basename(f));
    expect(findTables('d', has('units.csv', 'metrics.csv', 'units.json', 'metrics.json'))).toEqual({ format: 'json' });
    expect(findTables('d', has('units.jsonl', 'units.csv', 'metrics.csv'))).toEqual({ format: 'csv' });
    expect(findTables('d', has('units.jsonl'))).toEqual({ missing: 'metrics', files: ['metrics.jsonl'] });
    expect(findTables('d', has('facts.csv', 'summary.csv'))).toEqual({ missing: 'units', files: ['units.jsonl', 'units.json', 'units.csv'] });
  });

  it('says what is wrong: no folder, a file, a missing table, a bad line, a missing column', () => {
    const dir = tmp();
    expect(loadReportData(path.join(dir, 'nope'), declared)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    writeFileSync(path.join(dir, 'units.jsonl'), '');
    expect(loadReportData(path.join(dir, 'units.jsonl'), declared)).toMatchObject({ ok: false, error: { code: 'NOT_A_FOLDER' } });
    expect(loadReportData(dir, declared)).toMatchObject({ ok: false, error: { code: 'MISSING_TABLE', path: dir, table: 'metrics', files: ['metrics.jsonl'] } });
    writeFileSync(path.join(dir, 'metrics.jsonl'), '{"doc":"a"}\n\n{oops\n');
    expect(loadReportData(dir, declared)).toMatchObject({ ok: false, error: { code: 'BAD_TABLE', line: 3 } });
    writeFileSync(path.join(dir, 'metrics.jsonl'), '{"doc":"a"}\n');
    const r = loadReportData(dir, declared);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_TABLE' } });
    expect(!r.ok && r.error.code === 'BAD_TABLE' && r.error.reason).toMatch(/no column doc_sha256/);
    expect(() => parseTable('x.json', 'json', '{"a":1}')).toThrow();
  });

  it('keeps an empty cell empty and a non-number out', () => {
    const units = parseTable('u.csv', 'csv', 'province,city,district,street,division_code,level,year,period,docs,sources,m.x,conflicts\n广东省,,,,,,abc,annual,1,a.txt,,\n');
    expect(units.rows[0]).toMatchObject({ year: 'abc', 'm.x': '' });
  });
});

describe('the blob', () => {
  it('names each unit once, a department and an unknown unit as such', () => {
    expect(blob.units.map((u) => u.name)).toEqual([
      `${UI.unknownUnit}（法治宣传简报 & 汇编.txt）`, '广东省', '深圳市', '深圳市福田区', '深圳市南山区', '深圳市南山区招商街道', '天津市（部门）', '天津市静海区',
    ]);
    expect(blob.years).toEqual([2020, 2021, 2022, 2023]);
    expect(blob.periods).toEqual(['annual', 'H1', 'unknown']);
  });

  it('ties each value to its headline row: the figure as written, the sentence, the document', () => {
    const r = blob.rows[rowOf('深圳市南山区', 2022)]!;
    const h = blob.headlines[r.h[metricIndex('mediation.amount')]!]!;
    expect(h).toMatchObject({ value: 67340000, approx: 'near', text: '6734余万元', how: 'together' });
    expect(blob.sentences[h.sentence]).toContain('涉及金额近6734余万元');
    expect(blob.docs[h.doc]).toBe('reports/2022年南山区法治政府建设年度报告.txt');
    // every value of the fixtures traces
    expect(blob.rows.every((row) => row.v.every((v, i) => v === null || row.h[i]! >= 0))).toBe(true);
  });

  it('keeps the disagreeing document beside the kept value', () => {
    const r = blob.rows[rowOf('深圳市南山区', 2022)]!;
    const alt = r.alt?.[metricIndex('mediation.cases')];
    expect(alt?.map((i) => blob.headlines[i]!.value)).toEqual([1490]);
    expect(blob.headlines[r.h[metricIndex('mediation.cases')]!]!.value).toBe(1523);
    // a copy of the same report is no disagreement
    expect(blob.rows[rowOf('深圳市福田区', 2021)]!.alt).toBeUndefined();
  });

  it('reads the sources list, copies last', () => {
    expect(parseSources('a.txt; b.html (= c.txt, d.txt)').docs).toEqual(['a.txt', 'b.html', 'c.txt', 'd.txt']);
    expect(parseSources('')).toEqual({ docs: [], items: [] });
  });

  it('is embedded so no sentence can end the script element', () => {
    const text = blobScriptText(blob);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(blob);
    expect(blob.sentences.some((s) => s.includes('</script>'))).toBe(true);
  });
});

describe('the option builders', () => {
  const sel = (metric: string, units = districts(), period = 'annual'): Selection => ({ metric: metricIndex(metric), units, period });

  it('offers the filters the data has and starts where most data is', () => {
    expect(provinceChoices(blob)).toEqual(['', '广东省', '天津市']);
    expect(cityChoices(blob, '广东省')).toEqual(['', '深圳市']);
    expect(levelChoices(blob)).toEqual(['province', 'city', 'district', 'street', 'department', '']);
    expect(defaultLevels(blob)).toEqual(['district']);
    expect(defaultPeriod(blob)).toBe('annual');
    expect(blob.metrics[defaultMetric(blob, districts(), 'annual')]!.id).toBe('mediation.cases');
    expect(unitsMatching(blob, { province: '天津市', city: '*', levels: [] }).map((u) => blob.units[u]!.name)).toEqual(['天津市（部门）', '天津市静海区']);
  });

  it('trend: a line per unit giving the metric, a point per year given, a gap where a year is missing', () => {
    const o = trendOption(blob, sel('mediation.cases'), VIEW);
    expect(o.animation).toBe(false);
    expect(o.series.map((s) => s.name)).toEqual(['深圳市福田区', '深圳市南山区', '天津市静海区']);
    expect(o.xAxis.data).toEqual(['2020', '2021', '2022', '2023']);
    const values = o.series.map((s) => s.data.map((p) => p?.value ?? null));
    expect(values).toEqual([[2105, 2230, null, 2011], [1288, 1402, 1523, 1610], [null, 860, 912, 955]]);
    // the disagreement shows on its point
    expect(o.series[1]!.data[2]!.symbol).toBe('diamond');
    expect(o.yAxis.name).toBe('调解案件数');
    // the years axis spans only the years the metric is given in
    expect(trendOption(blob, sel('mediation.amount'), VIEW).xAxis.data).toEqual(['2021', '2022', '2023']);
  });

  it('trend of a percent metric: axis labels in percent', () => {
    const o = trendOption(blob, sel('mediation.success_rate'), VIEW);
    const fmt = (o.yAxis.axisLabel as { formatter: (v: number) => string }).formatter;
    expect(fmt(0.997)).toBe('99.7%');
    expect(o.yAxis.scale).toBe(true);
    expect(o.series.map((s) => s.data.filter(Boolean).length)).toEqual([3, 4, 2]);
  });

  it('trend with no data says so', () => {
    const o = trendOption(blob, sel('notary.cases'), VIEW);
    expect(o.series).toEqual([]);
    expect(o.title?.text).toBe(UI.noData);
  });

  it('tooltip: the value, the figure as written, the sentence with the figure marked, the document', () => {
    const o = trendOption(blob, sel('mediation.amount'), VIEW);
    const p = o.series[0]!.data[1]!;
    const html = o.tooltip.formatter({ data: p });
    expect(html).toContain('深圳市南山区 · 2022年 · 全年');
    expect(html).toContain('67,340,000 元');
    expect(html).toContain('近6734余万元');
    expect(html).toContain('<mark>6734余万元</mark>');
    expect(html).toContain('reports/2022年南山区法治政府建设年度报告.txt');
    // a conflict names the other document
    const cases = trendOption(blob, sel('mediation.cases'), VIEW);
    expect(cases.tooltip.formatter({ data: cases.series[1]!.data[2] })).toMatch(/来源不一致.*1,490 件.*南山区2022年法治建设工作总结\.html/);
    // a sentence holding markup is text
    const tj = cases.tooltip.formatter({ data: cases.series[2]!.data[3] });
    expect(tj).toContain('&lt;/script&gt;&lt;script&gt;');
    expect(tj).not.toContain('<script>');
  });

  it('compare: the units giving the metric in one year, largest on top', () => {
    const s = sel('mediation.cases');
    expect(defaultYear(blob, s)).toBe(2023);
    const o = compareOption(blob, { ...s, year: 2022 }, VIEW);
    expect(o.series).toHaveLength(1);
    expect(o.yAxis.data).toEqual(['天津市静海区', '深圳市南山区']);
    expect(o.series[0]!.data.map((p) => p.value)).toEqual([912, 1523]);
    expect(o.series[0]!.label.formatter({ data: o.series[0]!.data[1] })).toBe('1523');
    const all = compareOption(blob, { ...sel('mediation.cases', unitsMatching(blob, { province: '*', city: '*', levels: [] })), year: 2022 }, VIEW);
    expect(all.series[0]!.label.formatter({ data: all.series[0]!.data.at(-1) })).toBe('102万');
    expect(compareOption(blob, { ...s, year: null }, VIEW).title?.text).toBe(UI.noData);
    const html = o.tooltip.formatter({ data: o.series[0]!.data[0] as Point });
    expect(html).toContain('全区共调处矛盾纠纷<mark>912件</mark>。');
  });

  it('coverage: every unit and year a cell, a missing metric and a year without a document told apart', () => {
    const units = districts();
    const cov = coverageOption(blob, sel('mediation.amount', units), VIEW);
    const cells = cov.series[0]!.data;
    expect(cells).toHaveLength(units.length * blob.years.length);
    expect(cov.yAxis.data).toEqual(['深圳市福田区', '深圳市南山区', '天津市静海区']);
    const state = (unit: string, year: number) => cells.find((c) => c.value[1] === cov.yAxis.data!.indexOf(unit) && c.value[0] === cov.xAxis.data!.indexOf(String(year)))!.value[2];
    expect(state('深圳市福田区', 2022)).toBe(-1); // no document
    expect(state('深圳市福田区', 2021)).toBe(0); // a document without the metric
    expect(state('深圳市南山区', 2022)).toBe(1);
    expect(cov.series[0]!.label.formatter({ data: cells.find((c) => c.value[2] === 0) })).toBe(UI.missing);
    const conflict = coverageOption(blob, sel('mediation.cases', units), VIEW).series[0]!.data;
    expect(conflict.filter((c) => c.value[2] === 2)).toHaveLength(1);
    // all metrics: how many each row gives, and the tooltip lists them
    const all = coverageOption(blob, { ...sel('mediation.cases', units), metric: -1 }, VIEW);
    expect(Math.max(...all.series[0]!.data.map((c) => c.value[2]))).toBe(5);
    const nanshan2021 = all.series[0]!.data.find((c) => c.r === rowOf('深圳市南山区', 2021))!;
    expect(all.tooltip.formatter({ data: nanshan2021 })).toMatch(/已报告 5.*调解案件数.*审查合同数/);
    // a row of an unknown year gets a column of its own
    const unknown = coverageOption(blob, { ...sel('mediation.cases', units), period: 'unknown' }, VIEW);
    expect(unknown.xAxis.data?.at(-1)).toBe(UI.unknownYear);
  });

  it('coverage: a year no unit reports on is a column of 无报告 cells too', () => {
    const unit = { province: '广东省', city: '深圳市', district: '南山区', street: '', division_code: '440305', level: 'district', period: 'annual', docs: 1, conflicts: '' };
    const small = buildBlob({
      metrics: data.metrics,
      units: [{ ...unit, year: 2014, sources: 'a.txt', values: {} }, { ...unit, year: 2017, sources: 'b.txt', values: {} }],
      headlines: [],
    });
    const cov = coverageOption(small, { metric: -1, units: [0], period: 'annual' }, VIEW);
    expect(cov.xAxis.data).toEqual(['2014', '2015', '2016', '2017']);
    expect(cov.series[0]!.data.map((c) => c.value[2])).toEqual([0, -1, -1, 0]);
  });

  it('traces the full sentence for the detail panel, a cut one in tooltips', () => {
    const r = rowOf('深圳市南山区招商街道', 2022);
    const full = traceHtml(blob, r, metricIndex('mediation.amount'));
    expect(full).toContain('约7839万元');
    expect(full).toContain('<mark>7839万元</mark>');
    expect(markedSentence('一二三四五六七八九十123件甲乙丙丁戊己庚辛', '123件', 8)).toBe('…九十<mark>123件</mark>甲乙…');
  });
});

describe('formatting', () => {
  it('numbers in Chinese style, percents, the figure as written', () => {
    expect(formatCompact(67340000, 'yuan')).toBe('6734万');
    expect(formatCompact(2150000000, 'yuan')).toBe('21.5亿');
    expect(formatCompact(955, 'case')).toBe('955');
    expect(formatCompact(0.997, 'percent')).toBe('99.7%');
    expect(formatFull(1234567, 'case')).toBe('1,234,567 件');
    expect(formatFull(0.5, 'percent')).toBe('50%');
    expect(groupThousands(-1234.5)).toBe('-1,234.5');
    expect(writtenForm('near', '6734余万元')).toBe('近6734余万元');
    expect(writtenForm('over', '512余件')).toBe('512余件');
    expect(writtenForm('', '3件')).toBe('3件');
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});

describe('the page', () => {
  it('links the page modules into one script with no import or export left', () => {
    const script = linkModules([
      { name: './a.js', source: "export const A = 1;\nexport function f(x) { return x + A; }\n//# sourceMappingURL=a.js.map" },
      { name: './b.js', source: "import { A, f as g } from './a.js';\nconst out = g(A);\nexport class B {}\n" },
    ]);
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(script).toContain('const { A, f: g } = __modules["./a.js"];');
    expect(() => linkModules([{ name: './b.js', source: "import { A } from './a.js';" }])).toThrow(/not before it/);
    expect(() => linkModules([{ name: './c.js', source: 'export default 3;' }])).toThrow(/cannot link/);
    expect(scriptSafe('x = "</script>"')).toBe('x = "<\\/script>"');
  });

  it('is one file: three scripts, no address outside it, the data escaped', () => {
    const assets = loadAssets();
    // the linked page script compiles
    expect(() => new Function(assets.script)).not.toThrow();
    const html = renderPage(blob, assets);
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//);
    expect(html).toContain('<html lang="zh-CN">');
    expect(Buffer.byteLength(html)).toBeLessThan(3e6);
  });
});

describe('lawreport report', () => {
  const io = () => {
    const err: string[] = [];
    return { err, io: { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, stderrIsTTY: true } };
  };

  it('writes the page whole, with nothing else left in the folder', async () => {
    const dir = tmp();
    const out = path.join(dir, 'report.html');
    const { err, io: sink } = io();
    expect(await reportCommand(path.join(FIXTURES, 'csv'), { out, rules: [] }, sink)).toBe(0);
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(readFileSync(out, 'utf8')).toContain('调解案件数');
    expect(err.join('')).toMatch(/report of 8 units/);
  });

  it('says nothing on a stderr that is not a terminal', async () => {
    const dir = tmp();
    const err: string[] = [];
    const quiet = { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) } };
    expect(await reportCommand(path.join(FIXTURES, 'csv'), { out: path.join(dir, 'r.html'), rules: [] }, quiet)).toBe(0);
    expect(err).toEqual([]);
  });

  it('a folder without the tables: one line naming the folder and the file, exit 2', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'facts.csv'), 'id\n');
    const { err, io: sink } = io();
    expect(await reportCommand(dir, { out: path.join(dir, 'r.html'), rules: [] }, sink)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(dir);
    expect(err[0]).toContain('units.jsonl');
    expect(existsSync(path.join(dir, 'r.html'))).toBe(false);
  });

  it('-o into a missing folder or onto a folder: a clear error and nothing written', async () => {
    const dir = tmp();
    const a = io();
    expect(await reportCommand(path.join(FIXTURES, 'jsonl'), { out: path.join(dir, 'no', 'r.html'), rules: [] }, a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/does not exist/);
    mkdirSync(path.join(dir, 'r.html'));
    const b = io();
    expect(await reportCommand(path.join(FIXTURES, 'jsonl'), { out: path.join(dir, 'r.html'), rules: [] }, b.io)).toBe(2);
    expect(b.err.join('')).toMatch(/is a folder/);
    expect(readdirSync(dir).sort()).toEqual(['r.html']);
  });
});
