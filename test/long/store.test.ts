// The store's long cases (npm run test:long): kill -9 at many moments of a run, each
// followed by a normal run that must give the store of an uninterrupted one; two runs on
// one store at the same time, waiting or failing, never wrong; a file over 2 MB (its facts
// handed over chunk by chunk); export in JSON, as a workbook and with Chinese labels.
// Short versions stay in the default suite (test/store.test.ts).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { HOUSING_RULES, REPORTS, ROOT } from '../helpers.js';
import { BIN, cli } from '../run-cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-long-store-'));
const lines = (s: string) => s.split('\n').filter(Boolean);
type Rows = Array<Record<string, unknown>>;

const query = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Rows;
  } finally {
    db.close();
  }
};

/** What a store holds, as a digest of each view and of the documents' identities (not the run log). */
function content(file: string): Record<string, string> {
  const digest = (rows: Rows) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  return Object.fromEntries(['facts', 'summary', 'metrics', 'units'].map((t) => [t, digest(query(file, `SELECT * FROM ${t}`))]).concat([
    ['documents', digest(query(file, 'SELECT doc, doc_sha256, rules_version, status, diagnostics, missing_since IS NOT NULL AS missing, facts FROM documents ORDER BY doc'))],
    ['integrity', String(query(file, 'PRAGMA integrity_check')[0]!.integrity_check)],
  ]));
}

/** `n` distinct reports made from the seeds. */
function reports(n: number): string {
  const dir = path.join(tmp(), 'reports');
  mkdirSync(dir);
  const seeds = readdirSync(REPORTS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(REPORTS, f), 'utf8'));
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `r${String(i).padStart(4, '0')}.txt`), `${seeds[i % seeds.length]}\n（第${i}份）\n`);
  return dir;
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));

describe('kill -9 at any moment', () => {
  it('a normal run after each kill gives the store of an uninterrupted run (twelve kills, some in a row)', async () => {
    const dir = reports(400);
    const whole = path.join(path.dirname(dir), 'whole.db');
    expect((await cli(['extract', dir, '--store', whole, '-q'])).code).toBe(0);
    const expected = content(whole);
    const store = path.join(path.dirname(dir), 'killed.db');
    // delays from the start of the process: before the store is made, while it is made, and among the documents
    const delays = [30, 150, 300, 450, 600, 800, 1000, 1300, 1700, 2200, 2800, 3500];
    let kills = 0;
    for (const [k, ms] of delays.entries()) {
      const child = spawn(process.execPath, [BIN, 'extract', dir, '--store', store, '-q', '-j', '2', ...(k % 3 === 2 ? ['--prune'] : [])], { cwd: ROOT, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
      await new Promise((r) => setTimeout(r, ms));
      child.kill('SIGKILL');
      if ((await exited) === 'SIGKILL') kills++;
      if (existsSync(store)) expect(query(store, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      // every other time the kills come in a row, before a normal run
      if (k % 2 === 1) {
        const r = await cli(['extract', dir, '--store', store, '-q']);
        expect(r.code, r.stderr).toBe(0);
        expect(content(store), `after the kill at ${ms} ms`).toEqual(expected);
        // a run that finishes changes nothing
        const again = await cli(['extract', dir, '--store', store, '-q']);
        expect(again.code).toBe(0);
        expect(content(store)).toEqual(expected);
        // and files changed are still seen; half of them change, so the next kills land while
        // the runs replace documents (a run over an unchanged store ends before most delays)
        const seeds = readdirSync(REPORTS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(REPORTS, f), 'utf8'));
        for (let i = k % 4 === 1 ? 0 : 1; i < 400; i += 2) writeFileSync(path.join(dir, `r${String(i).padStart(4, '0')}.txt`), `${seeds[(i + k) % seeds.length]}\n（改${k}，第${i}份）\n`);
        expect((await cli(['extract', dir, '--store', whole, '-q'])).code).toBe(0);
        Object.assign(expected, content(whole));
      }
    }
    expect(kills).toBeGreaterThanOrEqual(6);
    const last = await cli(['extract', dir, '--store', store, '-q']);
    expect(last.code).toBe(0);
    expect(content(store)).toEqual(content(whole));
  }, 600_000);
});

describe('two runs on one store at the same time', () => {
  it('with time to wait, both succeed one after the other; without, one fails clearly; the content is right either way', async () => {
    const dir = reports(300);
    const whole = path.join(path.dirname(dir), 'whole.db');
    expect((await cli(['extract', dir, '--store', whole, '-q'])).code).toBe(0);
    const store = path.join(path.dirname(dir), 'shared.db');
    const [a, b] = await Promise.all([cli(['extract', dir, '--store', store, '-q', '--wait', '120']), cli(['extract', dir, '--store', store, '-q', '--wait', '120'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const runs = query(store, 'SELECT new, unchanged FROM runs ORDER BY run_id');
    expect(runs.map((r) => Number(r.new)).sort((x, y) => x - y)).toEqual([0, 300]);
    expect(content(store)).toEqual(content(whole));
    // a file changed, and two runs that do not wait long
    writeFileSync(path.join(dir, 'r0000.txt'), `${readFileSync(path.join(REPORTS, '004_fa85025aa28e88db.txt'), 'utf8')}\n（改）\n`);
    writeFileSync(path.join(dir, 'extra.txt'), readFileSync(path.join(REPORTS, '002_06bd0aa3b0bb8cf5.txt')));
    expect((await cli(['extract', dir, '--store', whole, '-q'])).code).toBe(0);
    // the first holds the lock while it extracts everything again (other rules): long enough for the second to give up
    const rules = path.join(tmp(), 'rules');
    mkdirSync(rules);
    writeFileSync(path.join(rules, 'housing.yaml'), HOUSING_RULES);
    const slow = cli(['extract', dir, '--store', store, '-q', '-j', '1', '--rules', rules]);
    await new Promise((r) => setTimeout(r, 700));
    const quick = await cli(['extract', dir, '--store', store, '-q', '--wait', '0.2']);
    const first = await slow;
    expect(first.code, first.stderr).toBe(0);
    expect(quick.code).toBe(2);
    expect(lines(quick.stderr)).toEqual([expect.stringMatching(/shared\.db: another lawreport run is using this store \(pid \d+ on .*, started .*\); gave up after waiting 0\.2 s \(see --wait\) \(STORE_BUSY\)$/)]);
    expect(query(store, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // back to the built-in rules: the same content as the reference
    expect((await cli(['extract', dir, '--store', store, '-q'])).code).toBe(0);
    expect(content(store)).toEqual(content(whole));
  }, 600_000);
});

describe('a file over 2 MB', () => {
  it('is stored from its chunks, and exported as extract -o writes it', async () => {
    const dir = path.join(tmp(), 'reports');
    mkdirSync(dir);
    const seed = readFileSync(path.join(REPORTS, '000_c90d8c21b93b550a.txt'));
    writeFileSync(path.join(dir, 'dump.txt'), Buffer.concat(Array.from({ length: Math.ceil(3e6 / seed.length) }, () => seed)));
    copyFileSync(path.join(REPORTS, '003_b276b8237b3e6413.txt'), path.join(dir, 'small.txt'));
    const store = path.join(path.dirname(dir), 'r.db');
    const r = await cli(['extract', dir, '--store', store, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const a = path.join(tmp(), 'a');
    const b = path.join(tmp(), 'b');
    await cli(['extract', dir, '-f', 'jsonl', '-o', a, '-q']);
    expect((await cli(['export', '--store', store, '-f', 'jsonl', '-o', b])).code).toBe(0);
    expect(files(b)).toEqual(files(a));
    expect(Number(query(store, "SELECT facts FROM documents WHERE doc LIKE '%dump.txt'")[0]!.facts)).toBeGreaterThan(10000);
  }, 300_000);
});

describe('export in every format', () => {
  it('json, csv with --labels zh and the workbook sheet by sheet, as extract -o writes them', async () => {
    const dir = reports(40);
    copyFileSync(path.join(ROOT, 'fixtures', 'encodings', '000_saved_page.html'), path.join(dir, 'page.html'));
    copyFileSync(path.join(ROOT, 'fixtures', 'encodings', '000_gb18030.txt'), path.join(dir, 'gbk.txt'));
    const store = path.join(path.dirname(dir), 'r.db');
    expect((await cli(['extract', dir, '--store', store, '-q'])).code).toBe(0);
    for (const args of [['-f', 'json'], ['--labels', 'zh'], ['-f', 'csv', '--no-bom']]) {
      const a = path.join(tmp(), 'a');
      const b = path.join(tmp(), 'b');
      await cli(['extract', dir, '-o', a, '-q', ...args]);
      expect((await cli(['export', '--store', store, '-o', b, ...args])).code).toBe(0);
      expect(files(b), args.join(' ')).toEqual(files(a));
    }
    const a = path.join(tmp(), 'a');
    const b = path.join(tmp(), 'b');
    await cli(['extract', dir, '-f', 'xlsx', '-o', a, '-q', '--labels', 'zh']);
    expect((await cli(['export', '--store', store, '-f', 'xlsx', '-o', b, '--labels', 'zh'])).code).toBe(0);
    const [p, q] = [a, b].map((o) => XLSX.readFile(path.join(o, 'lawreport.xlsx')));
    expect(q!.SheetNames).toEqual(p!.SheetNames);
    for (const s of p!.SheetNames) expect(XLSX.utils.sheet_to_json(q!.Sheets[s]!, { header: 1 }), s).toEqual(XLSX.utils.sheet_to_json(p!.Sheets[s]!, { header: 1 }));
  }, 300_000);
});
