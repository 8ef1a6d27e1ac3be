// The report's build time and size on the 144 reports of ../shared/corpus plus the
// fixtures: `lawreport extract -f jsonl -o` once (not timed), then `lawreport report` timed
// as a whole process, best of BENCH_ROUNDS (default 3). Limits: 2 s and 3 MB.
//
//   node bench/report.mjs        (npm run bench prints the same line at its end)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT, SOURCES } from './sources.mjs';

export const LIMITS = { secs: 2, bytes: 3e6 };

export function benchReport(rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))) {
  const tables = path.join(ROOT, 'bench', 'out', 'report-tables');
  const out = path.join(ROOT, 'bench', 'out', 'report.html');
  rmSync(tables, { recursive: true, force: true });
  const sources = SOURCES.filter((d) => existsSync(d));
  const ex = spawnSync(process.execPath, [BIN, 'extract', ...sources, '-f', 'jsonl', '-o', tables, '-q'], { encoding: 'utf8' });
  if (ex.status !== 0) throw new Error(`extract failed (${ex.status}): ${ex.stderr.slice(-2000)}`);
  if (!existsSync(path.join(tables, 'units.jsonl'))) throw new Error(`extract -o wrote no units.jsonl into ${tables}: the report needs the unit-year and headline tables`);
  const docs = readFileSync(path.join(tables, 'summary.jsonl'), 'utf8').trim().split('\n').length;
  let best = Infinity;
  let line = '';
  for (let k = 0; k < rounds; k++) {
    rmSync(out, { force: true });
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'report', tables, '-o', out], { encoding: 'utf8' });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`report failed (${r.status}): ${r.stderr.slice(-2000)}`);
    if (secs < best) {
      best = secs;
      line = r.stderr.trim().split('\n').pop() ?? '';
    }
  }
  const bytes = statSync(out).size;
  return { docs, secs: best, bytes, line, ok: best < LIMITS.secs && bytes < LIMITS.bytes };
}

export function reportLine(r) {
  return `report of ${r.docs} documents (the corpus plus the fixtures): ${r.secs.toFixed(2)} s (whole process, best of rounds; limit ${LIMITS.secs} s), ${(r.bytes / 1e6).toFixed(2)} MB (limit ${LIMITS.bytes / 1e6} MB): ${r.ok ? 'ok' : 'OVER THE LIMIT'}\n  ${r.line}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = benchReport();
  console.log(reportLine(r));
  if (!r.ok) process.exitCode = 1;
}
