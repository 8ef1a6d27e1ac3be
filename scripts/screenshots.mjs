// npm run screenshots: the report of the fixtures (or of the tables in the folder given)
// at 1366×768 in Debian's chromium, into docs/: the first view, a tooltip tracing a value
// to its sentence, and the coverage grid.
//
//   npm run screenshots                      (fixtures/report/jsonl)
//   npm run screenshots -- out/              (a folder written by lawreport extract -o)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { reportCommand } from '../dist/cli/report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ?? path.join(ROOT, 'fixtures', 'report', 'jsonl');
const DOCS = path.join(ROOT, 'docs');
const SIZE = { width: 1366, height: 768 };

const which = spawnSync('which', ['chromium'], { encoding: 'utf8' });
const chromium = which.status === 0 ? which.stdout.trim() : '';
if (!chromium) {
  console.error('screenshots: chromium is not installed (apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei)');
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'lawreport-shots-'));
const html = path.join(work, 'report.html');
const code = await reportCommand(input, { out: html, rules: [], quiet: true }, { stdout: process.stdout, stderr: process.stderr });
if (code !== 0) process.exit(code);

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.setViewport(SIZE);
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-rendered]');
  const rendered = async (change) => {
    const before = await page.evaluate(() => Number(document.documentElement.dataset.rendered));
    await change();
    await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered) > n, {}, before);
  };

  await page.screenshot({ path: path.join(DOCS, 'report-overview.png') });

  // a tooltip on the amounts mediated (涉及金额), at a figure written as an approximation (近…)
  const amount = await page.$$eval('#f-metric option', (os) => {
    const i = os.findIndex((o) => /涉及金额/.test(o.textContent));
    return i < 0 ? os[0].value : os[i].value;
  });
  await rendered(() => page.select('#f-metric', amount));
  const at = await page.evaluate(() => {
    const blob = JSON.parse(document.getElementById('report-data').textContent);
    const el = document.getElementById('chart-trend');
    const chart = window.echarts.getInstanceByDom(el);
    const score = (d) => (d.h < 0 ? 0 : { near: 3, about: 2, over: 1 }[blob.headlines[d.h].approx] ?? 0);
    let best = null;
    chart.getOption().series.forEach((s, si) => s.data.forEach((d, di) => {
      if (d && (!best || score(d) > best.score || (score(d) === best.score && d.value > best.value))) best = { si, di, value: d.value, score: score(d) };
    }));
    if (!best) return null;
    const [x, y] = chart.convertToPixel({ seriesIndex: best.si }, [best.di, best.value]);
    const box = el.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  });
  if (at) {
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => document.querySelector('#chart-trend .trace') !== null);
    await page.screenshot({ path: path.join(DOCS, 'report-tooltip.png') });
    await page.mouse.move(1, 1);
    await page.evaluate(() => window.echarts.getInstanceByDom(document.getElementById('chart-trend')).dispatchAction({ type: 'hideTip' }));
  }

  // the coverage grid of that metric (it follows the metric chosen): given, missing (缺), no document (无报告)
  const card = await page.$('#chart-coverage');
  await (await card.evaluateHandle((e) => e.closest('section'))).screenshot({ path: path.join(DOCS, 'report-coverage.png') });
  if (problems.length) throw new Error(`the page reported errors:\n${problems.join('\n')}`);
  console.log(`screenshots: docs/report-overview.png, docs/report-tooltip.png, docs/report-coverage.png (${SIZE.width}×${SIZE.height}) from ${path.relative(ROOT, input) || input}`);
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
