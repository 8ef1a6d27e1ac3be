// The weekly run of a store (issue 13): 10,000 stored reports plus 50 new ones. The reports
// are the 144 of ../shared/corpus and the fixtures, copied with a line added at the end of
// each copy so that every one has bytes (and a SHA-256) of its own. Timed as whole
// processes at --jobs 2:
//   full run     a new store, every report extracted
//   nothing new  the same folder again: what recognizing 10,000 unchanged files costs
//   weekly       50 new reports added
// and the share of the weekly run spent on the unchanged files (the run's own log:
// runs.check_ms, the time spent deciding what is unchanged, against runs.elapsed_ms; and the
// nothing-new run against the weekly one). Also the export of all the tables, and the size.
//
//   node bench/store.mjs                    (npm run bench:store; npm run bench ends with it)
//   BENCH_STORE_DOCS=2000 node bench/store.mjs   (a smaller store)
//   BENCH_STORE_PLAIN=0 node bench/store.mjs     (without the full run without a store, extract -o)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT, sourceFiles } from './sources.mjs';
import { createRequire } from 'node:module';

const NEW = 50;

/** bench/data/store-<n>/reports: n copies, each with a line of its own at the end; and 50 more in new/. */
function corpus(n) {
  const base = path.join(ROOT, 'bench', 'data', `store-${n}`);
  const dir = path.join(base, 'reports');
  const fresh = path.join(base, 'new');
  const stamp = path.join(base, '.complete');
  if (!existsSync(stamp)) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    mkdirSync(fresh, { recursive: true });
    const files = sourceFiles().map((f) => ({ name: path.basename(f), text: readFileSync(f, 'utf8') }));
    for (let i = 0; i < n + NEW; i++) {
      const f = files[i % files.length];
      // grouped in folders of 500, as a crawler would keep them
      const folder = i < n ? path.join(dir, `batch-${String(Math.floor(i / 500)).padStart(3, '0')}`) : fresh;
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, `r${String(i).padStart(5, '0')}_${f.name}`), `${f.text}\n（本地存档第${i}份）\n`);
    }
    // as a week-old folder: a file modified within two seconds of a run is checked by its hash the next time
    const old = new Date(Date.now() - 7 * 86400e3);
    for (const d of [dir, fresh]) for (const f of readdirSync(d, { recursive: true })) utimesSync(path.join(d, String(f)), old, old);
    writeFileSync(stamp, '');
  }
  // a run before left the new reports in: take them out again
  for (const f of readdirSync(fresh)) rmSync(path.join(dir, f), { force: true });
  return { dir, fresh };
}

function lawreport(args, label) {
  const t0 = process.hrtime.bigint();
  // (standard output, where a store run prints the facts of the files it extracted, is not kept)
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return secs;
}

function lastRun(store) {
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(store, { readonly: true });
  try {
    return db.prepare('SELECT * FROM runs ORDER BY run_id DESC LIMIT 1').get();
  } finally {
    db.close();
  }
}

export function benchStore(n = Number(process.env.BENCH_STORE_DOCS ?? 10000)) {
  const { dir, fresh } = corpus(n);
  const out = path.join(ROOT, 'bench', 'out', 'store');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const store = path.join(out, 'reports.db');
  const extract = ['extract', dir, '--store', store, '-q', '--jobs', '2'];
  const full = lawreport(extract, 'the full run');
  const fullRun = lastRun(store);
  const same = lawreport(extract, 'the run with nothing new');
  const sameRun = lastRun(store);
  for (const f of readdirSync(fresh)) copyFileSync(path.join(fresh, f), path.join(dir, f));
  const weekly = lawreport(extract, 'the weekly run');
  const weeklyRun = lastRun(store);
  for (const f of readdirSync(fresh)) rmSync(path.join(dir, f), { force: true });
  if (weeklyRun.new !== NEW || weeklyRun.unchanged !== n) throw new Error(`the weekly run extracted ${weeklyRun.new} and found ${weeklyRun.unchanged} unchanged (expected ${NEW} and ${n})`);
  const exported = lawreport(['export', '--store', store, '-o', path.join(out, 'tables')], 'the export');
  const plain = process.env.BENCH_STORE_PLAIN !== '0' ? lawreport(['extract', dir, '-o', path.join(out, 'plain'), '-q', '--jobs', '2'], 'the run without a store') : null;
  return {
    docs: n,
    mb: readdirSync(dir, { recursive: true }).reduce((s, f) => s + (String(f).endsWith('.txt') ? statSync(path.join(dir, String(f))).size : 0), 0) / 1e6,
    facts: fullRun.facts,
    full,
    plain,
    same,
    sameCheckMs: sameRun.check_ms,
    weekly,
    weeklyCheckMs: weeklyRun.check_ms,
    weeklyElapsedMs: weeklyRun.elapsed_ms,
    exported,
    storeMB: statSync(store).size / 1e6,
  };
}

export function storeLines(r) {
  const f = (x, d = 2) => x.toFixed(d);
  return [
    `store: ${r.docs} reports (${f(r.mb, 0)} MB, ${r.facts} facts), --jobs 2, whole processes:`,
    '| run | s | |',
    '|---|---|---|',
    `| full run: a new store, every report extracted | ${f(r.full)} | ${f(r.docs / r.full, 0)} docs/s |`,
    ...(r.plain !== null ? [`| the same without a store (extract -o) | ${f(r.plain)} | store cost ${f((r.full / r.plain - 1) * 100, 0)}% |`] : []),
    `| nothing new: ${r.docs} unchanged | ${f(r.same)} | deciding took ${r.sameCheckMs} ms |`,
    `| weekly: ${r.docs} unchanged + ${NEW} new | ${f(r.weekly)} | ${f(r.weekly / r.full * 100, 1)}% of the full run |`,
    `| export of every table (CSV) | ${f(r.exported)} | |`,
    '',
    `weekly run: ${r.weeklyCheckMs} ms of its ${r.weeklyElapsedMs} ms (${f(r.weeklyCheckMs / r.weeklyElapsedMs * 100, 1)}%) spent recognizing the ${r.docs} unchanged files (stat, no read); ` +
      `the nothing-new run (start-up, discovery, stat, closing the run) is ${f(r.same / r.weekly * 100, 0)}% of the weekly one; store file ${f(r.storeMB, 0)} MB`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(storeLines(benchStore()));
