// The store (issue 13), through the real CLI: only what is new is extracted; edits replace,
// deletions are marked (and pruned); a rule change extracts again; kill -9 and a second run
// at the same time never leave it wrong; export writes what extract -o writes; shards
// merged equal one run; -o never clobbers good files with a failed run's. The slow cases
// (kill -9 at many moments, real concurrent runs, a store of thousands) are in test/long/.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { summaryColumns } from '../src/export/summary.js';
import { FACT_FIELDS } from '../src/pipeline.js';
import { loadReportData } from '../src/report/load.js';
import { HEADLINE_FIELDS, unitColumns } from '../src/tables/columns.js';
import { fixture, HOUSING_RULES, REPORTS, ROOT } from './helpers.js';
import { BIN, cli } from './run-cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-store-'));
const TABLE_NAMES = ['facts', 'summary', 'metrics', 'units'] as const;

/** A folder of reports: the five seeds, the encodings of 000 and the 61 dev openings. */
function corpus(): string {
  const dir = path.join(tmp(), 'reports');
  mkdirSync(dir);
  for (const f of readdirSync(REPORTS).filter((x) => x.endsWith('.txt'))) copyFileSync(path.join(REPORTS, f), path.join(dir, f));
  cpSync(fixture('encodings'), path.join(dir, 'encodings'), { recursive: true });
  cpSync(fixture('gold', 'dev', 'raw'), path.join(dir, 'dev'), { recursive: true });
  return dir;
}

type Rows = Array<Record<string, unknown>>;

/** The store's content: every view, and what identifies each document (not the run log). */
function dump(file: string): Record<string, Rows> {
  const db = new Database(file, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Rows;
    return {
      ...Object.fromEntries(TABLE_NAMES.map((t) => [t, all(`SELECT * FROM ${t}`)])),
      documents: all('SELECT doc, doc_sha256, rules_version, status, diagnostics, missing_since IS NOT NULL AS missing, facts FROM documents ORDER BY doc'),
    };
  } finally {
    db.close();
  }
}

const lastRun = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT * FROM runs ORDER BY run_id DESC LIMIT 1').get() as Record<string, number | string>;
  } finally {
    db.close();
  }
};

const query = (file: string, sql: string, ...params: unknown[]) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as Rows;
  } finally {
    db.close();
  }
};

const lines = (s: string) => s.split('\n').filter(Boolean);
/** The files of a folder by name, as a digest of their bytes (a deep comparison of megabytes of buffers is slow). */
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));

describe('a store kept from run to run', async () => {
  const dir = corpus();
  const store = path.join(path.dirname(dir), 'reports.db');
  const first = await cli(['extract', '-j', '1', dir, '--store', store, '-v']);
  const docs = readdirSync(dir, { recursive: true }).filter((f) => /\.(txt|html)$/.test(String(f))).length;

  it('extracts every file the first time, and logs the run', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ kind: 'extract', status: 'done', files: docs, new: docs, unchanged: 0 });
    expect(first.stderr).toMatch(new RegExp(`${docs} files: ${docs} extracted \\(0 skipped\\), 0 unchanged, 0 missing`));
  });

  it('a second run extracts nothing and leaves the content as it was', async () => {
    const before = dump(store);
    const r = await cli(['extract', '-j', '1', dir, '--store', store, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(''); // the facts of the documents extracted (none)
    expect(r.stderr).toBe('');
    expect(lastRun(store)).toMatchObject({ status: 'done', new: 0, changed: 0, rules_changed: 0, unchanged: docs });
    expect(dump(store)).toEqual(before);
  });

  it('adding 3 files extracts those 3', async () => {
    const dev = path.join(dir, 'dev');
    for (const f of ['b01.txt', 'b04.txt', 'b09.txt']) writeFileSync(path.join(dir, `new-${f}`), readFileSync(path.join(dev, f)).toString() + '\n附：新增一份。\n');
    const r = await cli(['extract', '-j', '1', dir, '--store', store, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ new: 3, changed: 0, unchanged: docs });
    // standard output carries the facts of those 3 only
    expect(new Set(lines(r.stdout).map((l) => path.basename((JSON.parse(l) as { doc: string }).doc)))).toEqual(new Set(['new-b01.txt', 'new-b04.txt', 'new-b09.txt']));
    expect(query(store, 'SELECT count(*) AS n FROM summary')[0]!.n).toBe(docs + 3);
  });

  it('an edited file replaces its rows; a touched one (same bytes) is confirmed by its hash', async () => {
    const edited = path.join(dir, '000_c90d8c21b93b550a.txt');
    appendFileSync(edited, '\n另外，全年共调解矛盾纠纷9999宗。\n');
    const touched = path.join(dir, '002_06bd0aa3b0bb8cf5.txt');
    const later = new Date(Date.now() - 60_000);
    utimesSync(touched, later, later);
    const r = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ new: 0, changed: 1, unchanged: docs + 2 });
    const facts = query(store, 'SELECT * FROM facts WHERE doc = ?', edited);
    expect(facts.filter((f) => f.value === 9999)).toHaveLength(1);
    // no row of the old version is left: the facts are exactly those of the file as it is now
    const fresh = await cli(['extract', '-j', '1', edited, '-f', 'jsonl']);
    expect(facts.map((f) => f.id)).toEqual(lines(fresh.stdout).map((l) => (JSON.parse(l) as { id: string }).id));
    expect(new Set(query(store, 'SELECT doc_sha256 FROM facts WHERE doc = ?', edited).map((f) => f.doc_sha256)).size).toBe(1);
    // the touched file's new time is stored: the next run does not hash it again
    const again = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(again.code).toBe(0);
    expect(lastRun(store)).toMatchObject({ changed: 0, unchanged: docs + 3 });
  });

  it('a deleted file stays in the store, marked missing and out of the tables; --prune removes it', async () => {
    const gone = path.join(dir, '001_8e524bdc3672cc84.txt');
    const bytes = readFileSync(gone);
    rmSync(gone);
    const r = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/reports\.db: info \[store\]: 1 stored document is no longer there: kept, marked missing .*\(STORE_MISSING\)$/)]);
    expect(lastRun(store)).toMatchObject({ missing: 1, pruned: 0 });
    expect(query(store, 'SELECT missing_since IS NOT NULL AS m FROM documents WHERE doc = ?', gone)).toEqual([{ m: 1 }]);
    for (const t of TABLE_NAMES.filter((x) => x !== 'units')) expect(query(store, `SELECT count(*) AS n FROM ${t} WHERE doc = ?`, gone)[0]!.n, t).toBe(0);
    // -q: no info line
    const quiet = await cli(['extract', '-j', '1', dir, '--store', store, '-q']);
    expect(quiet.stderr).toBe('');
    // back again, with the same bytes: present, not extracted
    writeFileSync(gone, bytes);
    const back = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(lastRun(store)).toMatchObject({ missing: 0, changed: 0 });
    expect(back.stderr).toBe('');
    expect(query(store, 'SELECT count(*) AS n FROM summary WHERE doc = ?', gone)[0]!.n).toBe(1);
    rmSync(gone);
    const pruned = await cli(['extract', '-j', '1', dir, '--store', store, '--prune']);
    expect(pruned.code).toBe(0);
    expect(lastRun(store)).toMatchObject({ missing: 1, pruned: 1 });
    expect(query(store, 'SELECT count(*) AS n FROM documents WHERE doc = ?', gone)[0]!.n).toBe(0);
    expect(query(store, 'SELECT count(*) AS n FROM doc_facts WHERE doc_id NOT IN (SELECT doc_id FROM documents)')[0]!.n).toBe(0);
  });

  it('a run over another folder marks nothing of this one missing', async () => {
    const other = path.join(tmp(), 'other');
    mkdirSync(other);
    copyFileSync(path.join(REPORTS, '003_b276b8237b3e6413.txt'), path.join(other, 'x.txt'));
    const r = await cli(['extract', '-j', '1', other, '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ new: 1, missing: 0 });
    expect(query(store, 'SELECT count(*) AS n FROM documents WHERE missing_since IS NOT NULL')[0]!.n).toBe(0);
  });

  it('a rule change extracts every document again, and says why and how many', async () => {
    const rules = path.join(tmp(), 'my-rules');
    mkdirSync(rules);
    writeFileSync(path.join(rules, 'housing.yaml'), HOUSING_RULES);
    const total = Number(query(store, 'SELECT count(*) AS n FROM documents')[0]!.n);
    const r = await cli(['extract', '-j', '1', dir, '--store', store, '--rules', rules]);
    expect(r.code, r.stderr).toBe(0);
    const present = docs + 2; // the 3 added, less the one pruned
    expect(lines(r.stderr).filter((l) => l.includes('[store]'))).toEqual([expect.stringMatching(new RegExp(`info \\[store\\]: the rule files changed since the last run: ${present} stored documents extracted again \\(STORE_RULES_CHANGED\\)$`))]);
    expect(lastRun(store)).toMatchObject({ rules_changed: present, unchanged: 0 });
    expect(Object.keys(query(store, 'SELECT * FROM summary LIMIT 1')[0]!)).toContain('housing.units');
    expect(Object.keys(query(store, 'SELECT * FROM units LIMIT 1')[0]!)).toContain('housing.units');
    // the same rules again: nothing to do
    const same = await cli(['extract', '-j', '1', dir, '--store', store, '--rules', rules]);
    expect(same.stderr).toBe('');
    expect(lastRun(store)).toMatchObject({ rules_changed: 0, unchanged: present });
    // the document of the other folder keeps the rules it was extracted with until a run sees it
    expect(query(store, 'SELECT count(DISTINCT rules_version) AS n FROM documents')[0]!.n).toBe(2);
    expect(total).toBe(present + 1);
  });
});

describe('the same files named another way', () => {
  it('replace their rows (the facts carry the new names) rather than stand twice', async () => {
    const dir = corpus();
    const store = path.join(path.dirname(dir), 'reports.db');
    expect((await cli(['extract', '-j', '1', dir, '--store', store, '-q'])).code).toBe(0);
    const n = Number(query(store, 'SELECT count(*) AS n FROM summary')[0]!.n);
    const relative = path.relative(ROOT, dir);
    const r = await cli(['extract', '-j', '1', `./${relative}`, '--store', store, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ new: lastRun(store).files, unchanged: 0, missing: 0 });
    expect(query(store, 'SELECT count(*) AS n FROM summary')[0]!.n).toBe(n);
    expect(query(store, 'SELECT count(*) AS n FROM documents')[0]!.n).toBe(Number(lastRun(store).files));
    expect(query(store, 'SELECT DISTINCT substr(doc, 1, 2) AS p FROM facts')).toEqual([{ p: './' }]);
  });
});

describe('export: the tables extract -o writes, from the store', async () => {
  const dir = corpus();
  const store = path.join(path.dirname(dir), 'reports.db');
  const made = await cli(['extract', '-j', '1', dir, '--store', store, '-q', '-j', '1']);
  /** what extract -o wrote, by format */
  const extracted: Record<string, string> = {};
  for (const format of ['csv', 'jsonl']) {
    extracted[format] = path.join(tmp(), 'extract');
    await cli(['extract', '-j', '1', dir, '-f', format, '-o', extracted[format]!, '-j', '1']);
  }

  it.each(['csv', 'jsonl'] as const)('%s: facts, summary, metrics and units byte for byte', async (format) => {
    expect(made.code, made.stderr).toBe(0);
    const out = path.join(tmp(), 'export');
    const r = await cli(['export', '--store', store, '-f', format, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(files(out))).toEqual(TABLE_NAMES.map((t) => `${t}.${format}`).sort());
    expect(files(out)).toEqual(files(extracted[format]!));
  });

  it('extract --store -o writes the store\'s tables, also when nothing was new', async () => {
    const out = path.join(tmp(), 'stored');
    const r = await cli(['extract', '-j', '1', dir, '--store', store, '-f', 'jsonl', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ new: 0, unchanged: Number(lastRun(store).files) });
    expect(files(out)).toEqual(files(extracted.jsonl!));
  });

  it('the views are the tables: the columns of extract -o and the same rows', () => {
    const db = new Database(store, { readonly: true });
    try {
      const columns = (t: string) => (db.prepare(`SELECT * FROM ${t} LIMIT 1`).columns()).map((c) => c.name);
      const metrics = (JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'metrics'").get() as { value: string }).value) as Array<{ id: string }>).map((m) => m.id);
      expect(columns('facts')).toEqual([...FACT_FIELDS]);
      expect(columns('summary')).toEqual(summaryColumns(metrics));
      expect(columns('metrics')).toEqual([...HEADLINE_FIELDS]);
      expect(columns('units')).toEqual(unitColumns(metrics));
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    const read = (t: string) => lines(readFileSync(path.join(extracted.jsonl!, `${t}.jsonl`), 'utf8')).map((l) => JSON.parse(l) as Record<string, unknown>);
    // SQLite has no booleans: the facts' total is 1 or 0
    expect(query(store, 'SELECT * FROM facts').map((f) => ({ ...f, total: f.total === 1 }))).toEqual(read('facts'));
    for (const t of ['summary', 'metrics', 'units']) expect(query(store, `SELECT * FROM ${t}`), t).toEqual(read(t));
  });

  it('is queryable from Python\'s standard library and the sqlite3 shell, as the README shows', () => {
    const py = spawnSync('python3', ['-c', PYTHON_EXAMPLE, store], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const expected = query(store, 'SELECT district, year, "mediation.cases" AS cases FROM units WHERE "mediation.cases" IS NOT NULL ORDER BY district, year');
    expect(expected.length).toBeGreaterThan(3);
    expect(lines(py.stdout)).toEqual(expected.map((r) => `${r.district} ${r.year} ${r.cases}`));
    const sh = spawnSync('sqlite3', ['-readonly', store, SQLITE_EXAMPLE], { encoding: 'utf8' });
    expect(sh.error, 'the sqlite3 shell (Debian package sqlite3; .ci/run installs it)').toBeUndefined();
    expect(sh.status, sh.stderr).toBe(0);
    expect(lines(sh.stdout).length).toBeGreaterThan(3);
  });

  it('lawreport report reads a store as it reads a folder', async () => {
    const declared = [{ id: 'mediation.cases', unit: 'case', label: '调解案件数', description: '', family: 'mediation' }];
    const fromStore = loadReportData(store, declared);
    const fromFolder = loadReportData(extracted.jsonl!, declared);
    expect(fromStore.ok).toBe(true);
    expect(fromStore.ok && fromFolder.ok && fromStore.data).toEqual(fromFolder.ok && fromFolder.data);
    const page = path.join(tmp(), 'report.html');
    const r = await cli(['report', store, '-o', page]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(page).size).toBeGreaterThan(100_000);
  });

  it('refuses what is not a store, in one line', async () => {
    const bad = path.join(tmp(), 'x.db');
    writeFileSync(bad, 'not a database at all, just text\n'.repeat(100));
    const r = await cli(['export', '--store', bad, '-o', path.join(tmp(), 'o')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/x\.db: not a lawreport store .*\(STORE_NOT_A_STORE\)$/)]);
    const none = await cli(['export', '--store', path.join(tmp(), 'none.db')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/none\.db: no such store \(STORE_NOT_FOUND\)/);
    const sqlite = path.join(tmp(), 'other.db');
    const other = new Database(sqlite);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const o = await cli(['extract', '-j', '1', dir, '--store', sqlite]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/other\.db: not a lawreport store \(another program's database\) \(STORE_NOT_A_STORE\)/);
  });
});

const PYTHON_EXAMPLE = `
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for district, year, cases in con.execute(
        'SELECT district, year, "mediation.cases" FROM units WHERE "mediation.cases" IS NOT NULL ORDER BY district, year'):
    print(district, year, cases)
`;
const SQLITE_EXAMPLE = `SELECT metric, count(*) AS facts, sum(value) AS total FROM facts WHERE metric LIKE 'mediation.%' GROUP BY metric ORDER BY facts DESC;`;

describe('shards', async () => {
  const dir = corpus();
  const base = path.dirname(dir);
  const whole = path.join(base, 'whole.db');
  const made = await cli(['extract', '-j', '1', dir, '--store', whole, '-q']);

  it('three shards, merged, equal one run over everything', async () => {
    expect(made.code, made.stderr).toBe(0);
    const shards = [1, 2, 3].map((i) => path.join(base, `shard-${i}.db`));
    const runs = await Promise.all(shards.map((s, i) => cli(['extract', '-j', '1', dir, '--shard', `${i + 1}/3`, '--store', s, '-q', '-j', '1'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const sizes = shards.map((s) => Number(lastRun(s).files));
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(sizes.reduce((a, b) => a + b)).toBe(Number(lastRun(whole).files));
    const merged = path.join(base, 'merged.db');
    const m = await cli(['store', 'merge', merged, ...shards, '-v']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/merged\.db: \d+ documents merged from 3 stores/);
    expect(dump(merged)).toEqual(dump(whole));
    // merging again changes nothing
    await cli(['store', 'merge', merged, ...shards]);
    expect(dump(merged)).toEqual(dump(whole));
    // and the merged store goes on as any store: nothing new to extract
    const next = await cli(['extract', '-j', '1', dir, '--store', merged]);
    expect(next.code).toBe(0);
    expect(lastRun(merged)).toMatchObject({ new: 0, unchanged: lastRun(whole).files });
  });

  it('refuses to merge stores made with other rules', async () => {
    const rules = path.join(tmp(), 'my-rules');
    mkdirSync(rules);
    writeFileSync(path.join(rules, 'housing.yaml'), HOUSING_RULES);
    const other = path.join(base, 'other.db');
    await cli(['extract', '-j', '1', dir, '--shard', '1/3', '--store', other, '--rules', rules, '-q']);
    const out = path.join(base, 'mixed.db');
    const r = await cli(['store', 'merge', out, path.join(base, 'shard-2.db'), other]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/shard-2\.db holds documents extracted with rules .*, .*other\.db with .*\(STORE_RULES_MISMATCH\)$/)]);
    expect(existsSync(out) ? query(out, 'SELECT count(*) AS n FROM documents')[0]!.n : 0).toBe(0);
  });
});

describe('faults', () => {
  it('a second run waits for the lock, then stops in one line; the store is as it was', async () => {
    const dir = corpus();
    const store = path.join(path.dirname(dir), 'reports.db');
    await cli(['extract', '-j', '1', dir, '--store', store, '-q']);
    const before = dump(store);
    // another run holds the lock (as lawreport does: an exclusive lock on <store>-lock)
    const lock = new Database(`${store}-lock`);
    lock.exec('BEGIN EXCLUSIVE');
    try {
      appendFileSync(path.join(dir, '000_c90d8c21b93b550a.txt'), '\n另外，全年共调解矛盾纠纷9999宗。\n');
      const t0 = Date.now();
      const r = await cli(['extract', '-j', '1', dir, '--store', store, '--wait', '1', '-o', path.join(tmp(), 'o')]);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([expect.stringMatching(/reports\.db: another lawreport run is using this store; gave up after waiting 1 s \(see --wait\) \(STORE_BUSY\)$/)]);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    expect(dump(store)).toEqual(before);
    // the lock let go: the run goes through
    const r = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(r.code).toBe(0);
    expect(lastRun(store)).toMatchObject({ changed: 1 });
  });

  it('kill -9 in the middle of a run, then a normal run, gives the store of an uninterrupted run', async () => {
    const dir = path.join(tmp(), 'reports');
    mkdirSync(dir);
    // enough documents to be in the middle of them, each its own
    const seeds = readdirSync(REPORTS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(REPORTS, f), 'utf8'));
    for (let i = 0; i < 150; i++) writeFileSync(path.join(dir, `r${String(i).padStart(3, '0')}.txt`), `${seeds[i % seeds.length]}\n（第${i}份）\n`);
    const whole = path.join(path.dirname(dir), 'whole.db');
    const store = path.join(path.dirname(dir), 'killed.db');
    const ref = cli(['extract', '-j', '1', dir, '--store', whole, '-q', '-j', '1']);
    const child = spawn(process.execPath, [BIN, 'extract', dir, '--store', store, '-q', '-j', '1'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    const committed = () => {
      if (!existsSync(store)) return 0;
      try {
        return Number(query(store, 'SELECT count(*) AS n FROM documents')[0]!.n);
      } catch {
        return 0; // not made yet
      }
    };
    for (const t0 = Date.now(); committed() < 10 && child.exitCode === null; ) {
      if (Date.now() - t0 > 90_000) throw new Error('the run did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const done = committed();
    expect(done).toBeGreaterThanOrEqual(10);
    expect(done).toBeLessThan(150);
    expect(query(store, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const again = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/did not finish \(killed\?\).*\(STORE_UNFINISHED_RUN\)/);
    expect(lastRun(store)).toMatchObject({ unchanged: done, new: 150 - done });
    expect((await ref).code).toBe(0);
    expect(dump(store)).toEqual(dump(whole));
    expect(query(store, "SELECT status FROM runs ORDER BY run_id")).toEqual([{ status: 'unfinished' }, { status: 'done' }]);
  }, 120_000);

  const mnt = path.join(tmpdir(), `lawreport-store-mnt-${process.pid}`);
  let mounted = false;
  const mount = (opts: string) => spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', mnt]).status === 0;
  const umount = () => spawnSync('umount', [mnt]).status === 0;
  afterAll(() => {
    if (mounted) umount();
  });
  mkdirSync(mnt, { recursive: true });
  mounted = mount('size=8m');
  if (mounted) umount();

  (mounted ? it : it.skip)('a read-only disk: one clear error, the store as it was', async () => {
    const dir = corpus();
    expect(mount('size=16m')).toBe(true);
    mounted = true;
    const store = path.join(mnt, 'reports.db');
    await cli(['extract', '-j', '1', dir, '--store', store, '-q']);
    const before = dump(store);
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    appendFileSync(path.join(dir, '000_c90d8c21b93b550a.txt'), '\n另外，全年共调解矛盾纠纷9999宗。\n');
    const r = await cli(['extract', '-j', '1', dir, '--store', store]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/reports\.db: cannot write the store: read-only file system \(EROFS\).*\(STORE_WRITE_FAILED\)$/)]);
    // it can still be read: exported, reported
    const out = path.join(tmp(), 'o');
    const e = await cli(['export', '--store', store, '-o', out]);
    expect(e.code, e.stderr).toBe(0);
    expect(dump(store)).toEqual(before);
    umount();
    mounted = false;
  });

  (mounted ? it : it.skip)('a full disk: one clear error, no half-written document, and the next run finishes', async () => {
    const dir = path.join(tmp(), 'reports');
    mkdirSync(dir);
    const seeds = readdirSync(REPORTS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(REPORTS, f), 'utf8'));
    for (let i = 0; i < 120; i++) writeFileSync(path.join(dir, `r${String(i).padStart(3, '0')}.txt`), `${seeds[i % seeds.length]}\n（第${i}份）\n`);
    expect(mount('size=1m')).toBe(true);
    mounted = true;
    const store = path.join(mnt, 'reports.db');
    const r = await cli(['extract', '-j', '1', dir, '--store', store, '-o', path.join(tmp(), 'o')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/reports\.db: cannot write the store: no space left on the device \(ENOSPC\).*\(STORE_WRITE_FAILED\)$/)]);
    // every document stored is whole: its facts are all there
    const partial = query(store, 'SELECT d.doc, d.facts, (SELECT count(*) FROM doc_facts f WHERE f.doc_id = d.doc_id) AS n FROM documents d');
    expect(partial.length).toBeLessThan(120);
    for (const p of partial) expect(p.n, String(p.doc)).toBe(p.facts);
    expect(query(store, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // room again: the next run does the rest
    expect(spawnSync('mount', ['-o', 'remount,size=64m', mnt]).status).toBe(0);
    const again = await cli(['extract', '-j', '1', dir, '--store', store, '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(lastRun(store)).toMatchObject({ status: 'done', unchanged: partial.length, new: 120 - partial.length });
    expect(query(store, 'SELECT count(*) AS n FROM summary')[0]!.n).toBe(120);
    umount();
    mounted = false;
  });
});

describe('-o never clobbers the last good files', async () => {
  const dir = corpus();
  const out = path.join(tmp(), 'out');
  const good = await cli(['extract', '-j', '1', dir, '-o', out]);
  const before = files(out);

  it('nothing readable', async () => {
    expect(good.code, good.stderr).toBe(0);
    const empty = path.join(tmp(), 'empty');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'scan.txt'), Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'));
    const r = await cli(['extract', '-j', '1', empty, '-o', out]);
    expect(r.code).toBe(2);
    expect(files(out)).toEqual(before);
    const none = await cli(['extract', '-j', '1', path.join(tmp(), 'nowhere'), '-o', out]);
    expect(none.code).toBe(2);
    expect(files(out)).toEqual(before);
  });

  it('bad arguments and bad rules', async () => {
    for (const args of [['--jobs', '0'], ['--format', 'pdf'], ['--rules', path.join(tmp(), 'no-rules')], ['--shard', '5/4'], ['--prune']]) {
      const r = await cli(['extract', '-j', '1', dir, '-o', out, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(files(out), args.join(' ')).toEqual(before);
    }
    const stdin = await cli(['extract', '-j', '1', '-', '--store', path.join(tmp(), 's.db'), '-o', out], { input: 'x' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/standard input \(-\) has none/);
    expect(files(out)).toEqual(before);
  });

  it('a store that cannot be used', async () => {
    const bad = path.join(tmp(), 'x.db');
    writeFileSync(bad, 'not a database\n'.repeat(200));
    const r = await cli(['extract', '-j', '1', dir, '--store', bad, '-o', out]);
    expect(r.code).toBe(2);
    expect(files(out)).toEqual(before);
  });

  it('interrupted (SIGTERM)', async () => {
    const big = path.join(tmp(), 'big');
    mkdirSync(big);
    const seed = readFileSync(path.join(REPORTS, '000_c90d8c21b93b550a.txt'));
    for (let i = 0; i < 1500; i++) writeFileSync(path.join(big, `r${String(i).padStart(4, '0')}.txt`), seed);
    const child = spawn(process.execPath, [BIN, 'extract', big, '-o', out, '-j', '1'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const started = () => readdirSync(out).some((f) => f.startsWith('.facts.csv.') && statSync(path.join(out, f)).size > 0);
    for (const t0 = Date.now(); !started() && child.exitCode === null; ) {
      if (Date.now() - t0 > 90_000) throw new Error('the run did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(files(out)).toEqual(before);
  }, 120_000);
});
