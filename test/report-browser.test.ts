// The report of the fixtures in a real headless browser (Debian's chromium, driven by
// puppeteer-core), from file:// with every other request failed: it renders with no
// console error, every chart draws, the series and points are those of the data, and a
// tooltip traces a value to its sentence. Without chromium this fails: it never skips.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../src/cli/report.js';
import type { ReportData } from '../src/report/data.js';
import { loadReportData } from '../src/report/load.js';
import { loadRules } from '../src/rules/load.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'fixtures', 'report', 'jsonl');
const CHARTS = ['chart-trend', 'chart-compare', 'chart-coverage'] as const;

/** The chromium to drive: Debian's, found on the PATH. */
export function chromiumPath(): string {
  const r = spawnSync('which', ['chromium'], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  if (!found) {
    throw new Error('chromium is not installed, and the report\'s browser test needs it: apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei (as .ci/run does)');
  }
  return found;
}

let work: string;
let browser: Browser;
let page: Page;
let data: ReportData;
/** why the browser could not be started: every test fails with it (none is skipped) */
let setupError: unknown = null;
const consoleErrors: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  try {
    await start();
  } catch (err) {
    setupError = err;
  }
});

/** Throws what kept the browser from starting. */
function ready(): void {
  if (setupError) throw setupError;
}

async function start(): Promise<void> {
  const executablePath = chromiumPath();
  work = mkdtempSync(path.join(tmpdir(), 'lawreport-browser-'));
  const out = path.join(work, 'report.html');
  const err: string[] = [];
  const code = await reportCommand(FIXTURES, { out, rules: [], quiet: true }, { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) } });
  if (code !== 0) throw new Error(`lawreport report failed: ${err.join('')}`);
  const rules = loadRules();
  if (!rules.ok) throw new Error('rules do not load');
  const read = loadReportData(FIXTURES, rules.rules.metrics);
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  data = read.data;

  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`,
    ],
  });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('dialog', (d) => {
    consoleErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // the network is off: whatever is not the file itself fails
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url().startsWith('file:')) void req.continue();
    else {
      blocked.push(req.url());
      void req.abort('internetdisconnected');
    }
  });
  await page.setViewport({ width: 1366, height: 768 });
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-rendered]', { timeout: 15_000 });
}

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface ChartShape {
  series: Array<{ type: string; name: string; points: number }>;
  xAxis: string[];
  yAxis: string[];
}

/** What a chart shows, from ECharts itself. */
function shape(id: string): Promise<ChartShape> {
  return page.evaluate((id) => {
    type Opt = { series: Array<{ type: string; name: string; data: unknown[] }>; xAxis: Array<{ data?: string[] }>; yAxis: Array<{ data?: string[] }> };
    const w = window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): Opt } } };
    const o = w.echarts.getInstanceByDom(document.getElementById(id)!).getOption();
    return {
      series: o.series.map((s) => ({ type: s.type, name: s.name, points: s.data.filter((d) => d !== null && d !== undefined && d !== '-').length })),
      xAxis: o.xAxis[0]?.data ?? [],
      yAxis: o.yAxis[0]?.data ?? [],
    };
  }, id);
}

/** Drawn pixels of a chart's canvas: neither transparent nor (near) white. */
function drawnPixels(id: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
    if (!canvas) return -1;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && !(data[i]! > 245 && data[i + 1]! > 245 && data[i + 2]! > 245)) n++;
    return n;
  }, id);
}

async function rendered(after: () => Promise<unknown>): Promise<void> {
  const before = await page.evaluate(() => Number(document.documentElement.dataset.rendered));
  await after();
  await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered) > n, { timeout: 5_000 }, before);
}

describe('the report in a browser', () => {
  it('renders from file:// with the network off, with no console error', async () => {
    ready();
    expect(await page.evaluate(() => document.scripts.length)).toBe(3);
    expect(blocked).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.title()).toBe('法治政府建设报告数据');
  });

  it('every chart draws on its canvas', async () => {
    ready();
    for (const id of CHARTS) expect(await drawnPixels(id), id).toBeGreaterThan(2000);
  });

  it('shows the series and points of the data', async () => {
    ready();
    // first view: districts, annual figures, the metric most rows give (mediation.cases)
    expect(await page.$eval('#f-metric', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toMatch(/^调解案件数/);
    const rows = data.units.filter((r) => r.level === 'district' && r.period === 'annual' && r.year !== null && r.values['mediation.cases'] !== null);
    const units = [...new Set(rows.map((r) => r.division_code))];
    const trend = await shape('chart-trend');
    expect(trend.series).toHaveLength(units.length);
    expect(trend.series.reduce((n, s) => n + s.points, 0)).toBe(rows.length);
    expect(trend.xAxis).toEqual(['2020', '2021', '2022', '2023']);
    const last = Math.max(...rows.map((r) => r.year!));
    const compare = await shape('chart-compare');
    expect(compare.series).toHaveLength(1);
    expect(compare.series[0]!.points).toBe(rows.filter((r) => r.year === last).length);
    const coverage = await shape('chart-coverage');
    const districtUnits = new Set(data.units.filter((r) => r.level === 'district').map((r) => r.division_code));
    const years = data.units.map((r) => r.year).filter((y) => y !== null);
    expect(coverage.series[0]!.points).toBe(districtUnits.size * (Math.max(...years) - Math.min(...years) + 1));
  });

  it('a tooltip traces a value to its sentence and document', async () => {
    ready();
    const html = await page.evaluate(() => {
      const w = window as unknown as { echarts: { getInstanceByDom(el: Element): { dispatchAction(a: object): void; getOption(): { series: Array<{ name: string }> } } } };
      const el = document.getElementById('chart-trend')!;
      const chart = w.echarts.getInstanceByDom(el);
      const seriesIndex = chart.getOption().series.findIndex((s) => s.name === '深圳市南山区');
      chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex: 2 });
      return seriesIndex;
    });
    expect(html).toBeGreaterThanOrEqual(0);
    await page.waitForFunction(() => document.getElementById('chart-trend')!.innerText.includes('1523宗'), { timeout: 5_000 });
    const text = await page.$eval('#chart-trend', (e) => (e as HTMLElement).innerText);
    expect(text).toContain('全区各级人民调解组织共调解矛盾纠纷1523宗');
    expect(text).toContain('reports/2022年南山区法治政府建设年度报告.txt');
    expect(text).toContain('来源不一致');
  });

  it('filters by province and level; hovering and clicking a point shows the figure as written', async () => {
    ready();
    await page.$$eval('#f-level input', (boxes) => boxes.forEach((b) => ((b as HTMLInputElement).checked = true)));
    await rendered(() => page.$eval('#f-level input', (b) => b.dispatchEvent(new Event('change'))));
    await rendered(() => page.select('#f-province', '天津市'));
    const tianjin = await shape('chart-trend');
    expect(tianjin.series.map((s) => s.name)).toEqual(['天津市（部门）', '天津市静海区']);
    // districts of 广东省 only: 南山区's 2022 point stands alone
    await page.$$eval('#f-level input', (boxes) => boxes.forEach((b) => ((b as HTMLInputElement).checked = (b as HTMLInputElement).value === 'district')));
    await rendered(() => page.$eval('#f-level input', (b) => b.dispatchEvent(new Event('change'))));
    await rendered(() => page.select('#f-province', '广东省'));
    const amount = await page.$$eval('#f-metric option', (os) => os.findIndex((o) => o.textContent!.startsWith('调解涉及金额')));
    await rendered(() => page.select('#f-metric', String(amount)));
    const at = await page.evaluate(() => {
      const w = window as unknown as { echarts: { getInstanceByDom(el: Element): { convertToPixel(f: object, v: number[]): number[]; getOption(): { series: Array<{ name: string; data: Array<{ value: number } | null> }> } } } };
      const el = document.getElementById('chart-trend')!;
      const chart = w.echarts.getInstanceByDom(el);
      const series = chart.getOption().series;
      const si = series.findIndex((s) => s.name === '深圳市南山区');
      const di = series[si]!.data.findIndex((d) => d?.value === 67340000);
      const [x, y] = chart.convertToPixel({ seriesIndex: si }, [di, 67340000]);
      const box = el.getBoundingClientRect();
      return { x: box.left + x!, y: box.top + y! };
    });
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => document.getElementById('chart-trend')!.innerText.includes('近6734余万元'), { timeout: 5_000 });
    await page.mouse.click(at.x, at.y);
    const detail = await page.$eval('#detail', (e) => ({ hidden: (e as HTMLElement).hidden, text: (e as HTMLElement).innerText }));
    expect(detail.hidden).toBe(false);
    expect(detail.text).toContain('近6734余万元');
    expect(detail.text).toContain('涉及金额近6734余万元，调解成功率达99.7%');
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
