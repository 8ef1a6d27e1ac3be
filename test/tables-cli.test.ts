// The tables analysts open, through the real CLI: coherent headline values with their
// provenance, one row per unit and year, the workbook read back by an independent reader
// (SheetJS, not exceljs), and the conventions of pipes (BOM, standard input, a quiet stderr).
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { cli } from './run-cli.js';
import { fixture, REPORTS } from './helpers.js';

type Row = Record<string, string>;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-tables-'));
const csv = (file: string): Row[] => parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Row[];

describe('headline values and their provenance (extract -o)', async () => {
  const out = tmp();
  const r = await cli(['extract', 'fixtures/reports', '-o', out]);
  const summary = csv(path.join(out, 'summary.csv'));
  const metrics = csv(path.join(out, 'metrics.csv'));
  const facts = csv(path.join(out, 'facts.csv'));
  const row = (prefix: string) => summary.find((x) => path.basename(x.doc!).startsWith(prefix))!;

  it('writes the four tables, and no closing line on a stderr that is not a terminal', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(summary).toHaveLength(5);
    expect(Object.keys(summary[0]!)).toContain('level');
  });

  it('003: the cases, the successes and the rate of one statement about the whole district', () => {
    expect(row('003')).toMatchObject({ 'mediation.cases': '7683', 'mediation.succeeded': '7660', 'mediation.success_rate': '0.997', level: 'district' });
  });

  it('000: the 323 cases with the amount of the same sentence', () => {
    expect(row('000')).toMatchObject({ 'mediation.cases': '323', 'mediation.amount': '78390000', 'mediation.succeeded': '313' });
  });

  it('every summary cell is traced by the long table to a fact with that value', () => {
    let cells = 0;
    for (const s of summary) {
      for (const [k, v] of Object.entries(s)) {
        if (!k.includes('.') || v === '') continue;
        cells++;
        const h = metrics.find((m) => m.doc === s.doc && m.metric === k);
        expect(h, `${s.doc} ${k}`).toBeDefined();
        expect(h!.value).toBe(v);
        const f = facts.find((x) => x.id === h!.fact_id);
        expect(f, `${h!.fact_id}`).toBeDefined();
        expect(f!.value).toBe(v);
        expect(f!.metric).toBe(k);
        expect(['total', 'together', 'passage', 'scope', 'first']).toContain(h!.how);
        expect(f!.sentence).toBe(h!.sentence);
      }
    }
    expect(cells).toBeGreaterThan(50);
  });

  it('keeps the approximation marker and the figure as written', () => {
    const rate = metrics.find((m) => m.doc.includes('000_') && m.metric === 'mediation.success_rate')!;
    expect(rate).toMatchObject({ value: '0.97', approx: 'about', text: '97%', how: 'together' });
  });
});

describe('one row per unit and year (units.csv)', () => {
  it('counts a text and an HTML copy once, prefers the annual report, and says where another document disagrees', async () => {
    const dir = tmp();
    copyFileSync(path.join(REPORTS, '000_c90d8c21b93b550a.txt'), path.join(dir, 'a-report.txt'));
    copyFileSync(fixture('encodings', '000_saved_page.html'), path.join(dir, 'b-saved-page.html'));
    // a news item on the same street and year, with another figure
    writeFileSync(path.join(dir, 'c-news.txt'), '招商街道调解工作取得实效\n2022年，深圳市南山区招商街道深入推进人民调解工作，今年以来共调解纠纷300宗，涉及金额约6000万元。\n');
    const out = path.join(dir, 'out');
    const r = await cli(['extract', dir, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const units = csv(path.join(out, 'units.csv'));
    const zs = units.filter((u) => u.street === '招商街道' && u.year === '2022' && u.period === 'annual');
    expect(zs).toHaveLength(1);
    const u = zs[0]!;
    expect(u.docs).toBe('2');
    expect(u.sources).toMatch(/a-report\.txt \(= .*b-saved-page\.html\); .*c-news\.txt/);
    expect(u['mediation.cases']).toBe('323');
    expect(u.conflicts).toMatch(/mediation\.cases: kept 323 \(.*a-report\.txt\); 300 \(.*c-news\.txt\)/);
    expect(u.conflicts).toMatch(/mediation\.amount: kept 78390000 .*; 60000000/);
  });
});

describe('the workbook (-f xlsx), read back by SheetJS', async () => {
  const out = tmp();
  const r = await cli(['extract', 'fixtures/reports', '-f', 'xlsx', '-o', out, '--labels', 'zh']);
  const book = XLSX.readFile(path.join(out, 'lawreport.xlsx'));

  it('has the four tables as sheets, named and headed in Chinese', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(book.SheetNames).toEqual(['事实', '文件汇总', '主要指标', '单位年度']);
    const headers = (name: string) => (XLSX.utils.sheet_to_json(book.Sheets[name]!, { header: 1 })[0] as string[]);
    expect(headers('事实').slice(0, 3)).toEqual(['事实编号', '文件', '文件SHA-256']);
    expect(headers('文件汇总')).toContain('调解成功率');
    expect(headers('单位年度')).toContain('不一致之处');
  });

  it('stores numbers as numbers, rates as formatted percentages, and the Chinese text intact', () => {
    const sheet = book.Sheets['文件汇总']!;
    const rows = XLSX.utils.sheet_to_json(sheet, { header: 1 }) as unknown[][];
    const head = rows[0] as string[];
    const r003 = rows.find((x) => String(x[0]).includes('003_'))!;
    const col = (name: string) => head.indexOf(name);
    expect(r003[col('调解案件数')]).toBe(7683);
    const cell = sheet[XLSX.utils.encode_cell({ r: rows.indexOf(r003), c: col('调解成功率') })]!;
    expect(cell.t).toBe('n');
    expect(cell.v).toBe(0.997);
    expect(cell.w).toBe('99.7%');
    expect(r003[col('期间')]).toBe('上半年');
    expect(r003[col('区县')]).toBe('宝安区');
    const facts = XLSX.utils.sheet_to_json(book.Sheets['事实']!) as Array<Record<string, unknown>>;
    expect(facts.length).toBeGreaterThan(200);
    expect(facts.some((f) => f['指标'] === '调解案件数' && f['数值'] === 323)).toBe(true);
    expect(String(facts[0]!['原句'])).toMatch(/[\u4e00-\u9fff]/u);
    expect(book.Sheets['事实']!['!autofilter']).toBeDefined();
  });

  it('refuses to write a workbook to a terminal, and --labels to JSON', async () => {
    const j = await cli(['extract', 'fixtures/reports', '-f', 'jsonl', '--labels', 'zh']);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/--labels is for tables people read/);
  });
});

describe('pipe conventions', () => {
  it('--bom starts standard output with a byte order mark; without it there is none', async () => {
    const withBom = await cli(['extract', path.join(REPORTS, '000_c90d8c21b93b550a.txt'), '--bom']);
    expect(withBom.stdout.startsWith('\ufeffid,doc,')).toBe(true);
    const plain = await cli(['extract', path.join(REPORTS, '000_c90d8c21b93b550a.txt')]);
    expect(plain.stdout.startsWith('id,doc,')).toBe(true);
  });

  it('--no-bom leaves it out of the files written with --out', async () => {
    const out = tmp();
    await cli(['extract', path.join(REPORTS, '000_c90d8c21b93b550a.txt'), '-o', out, '--no-bom']);
    expect(readFileSync(path.join(out, 'units.csv'), 'utf8').startsWith('province,')).toBe(true);
  });

  it('- reads one document from standard input, named -', async () => {
    const text = readFileSync(path.join(REPORTS, '000_c90d8c21b93b550a.txt'), 'utf8');
    const r = await cli(['extract', '-', '-f', 'jsonl'], { input: text });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.some((x) => x.metric === 'mediation.cases' && x.value === 323 && x.doc === '-')).toBe(true);
  });

  it('--help shows each default once', async () => {
    const r = await cli(['extract', '--help']);
    for (const opt of ['--format', '--timeout', '--max-memory']) {
      const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(opt.length === 8 ? '-f, --format' : opt))!;
      expect(line, opt).toBeDefined();
    }
    expect((r.stdout.match(/default: "csv"/g) ?? []).length).toBe(1);
    expect(r.stdout).not.toMatch(/\(default:[^)]*\)[^\n]*\(default:/);
  });
});

