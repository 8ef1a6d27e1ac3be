// Reads the report's tables from where `lawreport extract -o` wrote them: a folder holding
// units.<ext> and metrics.<ext> (JSON Lines preferred, then JSON, then CSV), or from a store
// (lawreport extract --store): the same rows, as `lawreport export` would write them.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { storeReportTables } from '../store/read.js';
import { HEADLINE_FIELDS } from '../tables/columns.js';
import { UNIT_FIELDS } from '../tables/units.js';
import { withLabels, type HeadlineValue, type MetricInfo, type ReportData, type ReportTables, type UnitYear } from './data.js';

/** The formats the tables are looked for in, preferred first. */
export const TABLE_FORMATS = ['jsonl', 'json', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const TABLES = ['units', 'metrics'] as const;
export type TableName = (typeof TABLES)[number];

export type ReportLoadError =
  | { code: 'NOT_FOUND'; path: string }
  | { code: 'NOT_A_FOLDER'; path: string }
  | { code: 'MISSING_TABLE'; path: string; table: TableName; files: string[] }
  | { code: 'BAD_TABLE'; path: string; line?: number; reason: string }
  | { code: 'READ_FAILED'; path: string; errno: string }
  | { code: 'STORE'; path: string; store: { code: string; file: string; args: Record<string, string | number> } };

export type ReportLoad = { ok: true; data: ReportData; files: string[] } | { ok: false; error: ReportLoadError };

/** The columns of the unit-year table besides the metrics. */
const UNIT_FIXED = [...UNIT_FIELDS, 'docs', 'sources', 'conflicts'] as const;

type Raw = Record<string, unknown>;

class TableError extends Error {
  override name = 'TableError';
  constructor(readonly error: ReportLoadError) {
    super(error.code);
  }
}

/** Reads the tables at `input` and labels their metrics from the declared ones. */
export function loadReportData(input: string, declared: readonly MetricInfo[]): ReportLoad {
  try {
    const { tables, files } = readTables(input);
    return { ok: true, data: withLabels(tables, declared), files };
  } catch (err) {
    if (err instanceof TableError) return { ok: false, error: err.error };
    if ((err as Error).name === 'StoreError') {
      const e = err as Error & { code: string; file: string; args: Record<string, string | number> };
      return { ok: false, error: { code: 'STORE', path: input, store: { code: e.code, file: e.file, args: e.args } } };
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code && e.syscall) return { ok: false, error: { code: 'READ_FAILED', path: e.path ?? input, errno: e.code } };
    throw err;
  }
}

/** Which files of a folder hold the tables (the first format with both), or what is missing. */
export function findTables(dir: string, exists: (file: string) => boolean): { format: TableFormat } | { missing: TableName; files: string[] } {
  const have = TABLE_FORMATS.map((f) => ({ f, units: exists(path.join(dir, `units.${f}`)), metrics: exists(path.join(dir, `metrics.${f}`)) }));
  const both = have.find((h) => h.units && h.metrics);
  if (both) return { format: both.f };
  // one table without the other: name the one missing beside it
  const half = have.find((h) => h.units || h.metrics);
  if (half) {
    const missing: TableName = half.units ? 'metrics' : 'units';
    return { missing, files: [`${missing}.${half.f}`] };
  }
  return { missing: 'units', files: TABLE_FORMATS.map((f) => `units.${f}`) };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false; // missing or unreadable: findTables names it
  }
}

function readTables(input: string): { tables: ReportTables; files: string[] } {
  let st;
  try {
    st = statSync(input);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new TableError({ code: 'NOT_FOUND', path: input });
    throw err;
  }
  if (st.isFile() && isSqlite(input)) {
    const t = storeReportTables(input);
    const units: ParsedTable = { file: input, columns: t.unitColumns, rows: t.units, csv: false };
    const headlines: ParsedTable = { file: input, columns: [...HEADLINE_FIELDS], rows: t.headlines, csv: false };
    return { tables: toTables(units, headlines), files: [input] };
  }
  if (!st.isDirectory()) throw new TableError({ code: 'NOT_A_FOLDER', path: input });
  const found = findTables(input, isFile);
  if ('missing' in found) throw new TableError({ code: 'MISSING_TABLE', path: input, table: found.missing, files: found.files });
  const unitsFile = path.join(input, `units.${found.format}`);
  const metricsFile = path.join(input, `metrics.${found.format}`);
  const units = parseTable(unitsFile, found.format, readFileSync(unitsFile, 'utf8'));
  const headlines = parseTable(metricsFile, found.format, readFileSync(metricsFile, 'utf8'));
  return { tables: toTables(units, headlines), files: [unitsFile, metricsFile] };
}

/** Whether a file starts as an SQLite database does (a store). */
function isSqlite(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

export interface ParsedTable {
  file: string;
  columns: string[];
  rows: Raw[];
  /** CSV: text cells may carry the leading ' that keeps a spreadsheet from running them */
  csv: boolean;
}

/** One table's rows, from its text. Throws TableError when it is not a table. */
export function parseTable(file: string, format: TableFormat, source: string): ParsedTable {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (format === 'csv') {
    let records: string[][];
    try {
      records = parse(text, { skip_empty_lines: true, relax_quotes: false });
    } catch (err) {
      const e = err as Error & { lines?: number };
      throw new TableError({ code: 'BAD_TABLE', path: file, line: e.lines, reason: e.message.split('\n')[0]! });
    }
    const [header, ...body] = records;
    if (!header) return { file, columns: [], rows: [], csv: true };
    const rows = body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
    return { file, columns: header, rows, csv: true };
  }
  const objects: unknown[] = [];
  /** jsonl: the line of each row */
  const lineOf: number[] = [];
  if (format === 'json') {
    let all: unknown;
    try {
      all = JSON.parse(text);
    } catch (err) {
      throw new TableError({ code: 'BAD_TABLE', path: file, reason: `not valid JSON: ${(err as Error).message}` });
    }
    if (!Array.isArray(all)) throw new TableError({ code: 'BAD_TABLE', path: file, reason: 'not a JSON array of rows' });
    objects.push(...all);
  } else {
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      try {
        objects.push(JSON.parse(l));
        lineOf.push(i + 1);
      } catch (err) {
        throw new TableError({ code: 'BAD_TABLE', path: file, line: i + 1, reason: `not valid JSON: ${(err as Error).message}` });
      }
    });
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows: Raw[] = objects.map((o, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      throw new TableError({ code: 'BAD_TABLE', path: file, line: lineOf[i], reason: `row ${i + 1} is not an object` });
    }
    for (const k of Object.keys(o)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
    return o as Raw;
  });
  return { file, columns, rows, csv: false };
}

const NEUTRALIZED = /^'[=+\-@\t\r]/;

function text(v: unknown, csv: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return csv && NEUTRALIZED.test(v) ? v.slice(1) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function year(v: unknown): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) ? n : null;
}

function requireColumns(t: ParsedTable, needed: readonly string[]): void {
  if (!t.rows.length && !t.columns.length) return; // an empty table: no rows, nothing to check
  const missing = needed.filter((c) => !t.columns.includes(c));
  if (missing.length) throw new TableError({ code: 'BAD_TABLE', path: t.file, reason: `no column ${missing.join(', ')}` });
}

/** The typed tables from the parsed ones. Pure. */
export function toTables(units: ParsedTable, headlines: ParsedTable): ReportTables {
  requireColumns(units, UNIT_FIXED);
  requireColumns(headlines, HEADLINE_FIELDS);
  const fixed = new Set<string>(UNIT_FIXED);
  const metricIds = units.columns.filter((c) => !fixed.has(c));
  const u = units.csv;
  const unitRows: UnitYear[] = units.rows.map((r) => {
    const values: Record<string, number | null> = {};
    for (const m of metricIds) values[m] = num(r[m]);
    return {
      province: text(r.province, u), city: text(r.city, u), district: text(r.district, u), street: text(r.street, u),
      division_code: text(r.division_code, u), level: text(r.level, u), year: year(r.year), period: text(r.period, u) || 'unknown',
      docs: num(r.docs) ?? 0, sources: text(r.sources, u), values, conflicts: text(r.conflicts, u),
    };
  });
  const h = headlines.csv;
  const headlineRows: HeadlineValue[] = [];
  for (const r of headlines.rows) {
    const value = num(r.value);
    if (value === null) continue; // nothing to plot or trace
    headlineRows.push({
      doc: text(r.doc, h), doc_sha256: text(r.doc_sha256, h),
      province: text(r.province, h), city: text(r.city, h), district: text(r.district, h), street: text(r.street, h),
      division_code: text(r.division_code, h), level: text(r.level, h), year: year(r.year), period: text(r.period, h) || 'unknown',
      doc_type: text(r.doc_type, h), metric: text(r.metric, h), value, approx: text(r.approx, h), text: text(r.text, h),
      fact_id: text(r.fact_id, h), how: text(r.how, h), sentence: text(r.sentence, h),
    });
  }
  return { metricIds, units: unitRows, headlines: headlineRows };
}
