// `lawreport report <folder> -o report.html`: the unit-year rows and headline values of an
// extract run as one self-contained HTML page of charts (src/report/).
import { statSync } from 'node:fs';
import path from 'node:path';
import { AtomicFile } from '../export/writers.js';
import { loadAssets } from '../report/assets.js';
import { loadReportData, type ReportLoadError } from '../report/load.js';
import { buildBlob } from '../report/model.js';
import { renderPage } from '../report/page.js';
import { loadRules } from '../rules/load.js';
import type { IO } from './main.js';
import { describeErrno, describeStoreProblem, formatRuleError, printable } from './messages.js';

export interface ReportOptions {
  /** the HTML file to write */
  out: string;
  /** extra rule folders (their metric labels) */
  rules: string[];
  /** the page's title (default 法治政府建设报告数据) */
  title?: string;
  quiet?: boolean;
}

/** 0 written; 2 bad rules, no tables at `input`, or the page could not be written (nothing is left behind). */
export async function reportCommand(input: string, o: ReportOptions, io: IO): Promise<number> {
  const started = process.hrtime.bigint();
  const loaded = loadRules(o.rules);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.stderr.write(formatRuleError(e) + '\n');
    return 2;
  }
  const declared = loaded.rules.metrics.map(({ id, unit, label, description, family }) => ({ id, unit, label, description, family }));
  const read = loadReportData(input, declared);
  if (!read.ok) {
    io.stderr.write(printable(`lawreport: ${describeLoadError(read.error)}`) + '\n');
    return 2;
  }
  const outDir = path.dirname(path.resolve(o.out));
  const problem = outputProblem(o.out, outDir);
  if (problem) {
    io.stderr.write(printable(`lawreport: ${o.out}: cannot write the report: ${problem}`) + '\n');
    return 2;
  }
  const blob = buildBlob(read.data, o.title);
  const html = renderPage(blob, loadAssets());
  let file: AtomicFile | null = null;
  try {
    file = new AtomicFile(o.out);
    file.write(html);
    file.commit();
  } catch (err) {
    file?.abort();
    const e = err as NodeJS.ErrnoException;
    if (!e.code) throw err;
    io.stderr.write(printable(`lawreport: ${o.out}: cannot write the report: ${describeErrno(e.code)} (${e.code})`) + '\n');
    return 2;
  }
  // the closing line only on a terminal, as for extract: a pipe or a scheduled job stays quiet
  if (!o.quiet && io.stderrIsTTY) {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const bytes = Buffer.byteLength(html);
    const years = blob.years.length ? `, ${blob.years[0]}–${blob.years[blob.years.length - 1]}` : '';
    io.stderr.write(printable(`lawreport: report of ${blob.units.length} units${years}, ${blob.rows.length} unit-year rows, ${blob.metrics.length} metrics -> ${o.out} (${(bytes / 1e6).toFixed(2)} MB, ${Math.round(ms)} ms)`) + '\n');
  }
  return 0;
}

/** Why the page cannot go to `out`, checked before any work: a folder in its place, or no folder to hold it. */
function outputProblem(out: string, dir: string): string | null {
  try {
    if (statSync(out).isDirectory()) return 'it is a folder (give a file name, such as report.html)';
  } catch {
    // not there yet: the usual case
  }
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return `its folder ${dir} ${code === 'ENOENT' ? 'does not exist' : `cannot be read: ${describeErrno(code)}`} (${code})`;
  }
  return null;
}

export function describeLoadError(e: ReportLoadError): string {
  switch (e.code) {
    case 'NOT_FOUND': return `${e.path}: no such folder`;
    case 'NOT_A_FOLDER': return `${e.path}: not a folder or a store (give the folder that lawreport extract -o wrote, or the store of lawreport extract --store)`;
    case 'MISSING_TABLE': return `${e.path}: no ${orList(e.files)} in this folder (write the tables with: lawreport extract <reports> -o ${e.path})`;
    case 'BAD_TABLE': return `${e.path}${e.line ? `:${e.line}` : ''}: not a table the report can read: ${e.reason}`;
    case 'READ_FAILED': return `${e.path}: cannot read: ${describeErrno(e.errno)} (${e.errno})`;
    case 'STORE': return `${e.store.file}: ${describeStoreProblem(e.store)} (${e.store.code})`;
  }
}

/** a, b or c */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
