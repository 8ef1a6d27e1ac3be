// What the benches read: the 144 reports of ../shared/corpus and the seed fixtures, and the CLI
// they run. One list for npm run bench, bench:store and bench:report.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'lawreport.js');
export const SOURCES = [path.join(ROOT, '..', 'shared', 'corpus', 'sz-gov-work-reports'), path.join(ROOT, 'fixtures', 'reports')];

/** Every report file of SOURCES, sorted per folder; an error when there is none. */
export function sourceFiles() {
  const out = [];
  for (const dir of SOURCES) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (/\.(txt|html?)$/.test(f)) out.push(path.join(dir, f));
  }
  if (!out.length) throw new Error(`no source reports in ${SOURCES.join(' or ')}`);
  return out;
}
