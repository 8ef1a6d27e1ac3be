// The workbook (-f xlsx): the facts, the summary, the headline values and the unit-year rows
// as four sheets of one .xlsx file, written with exceljs's streaming writer (the facts
// sheet is streamed row by row; the three small tables are added at the end). Numbers are
// stored as numbers, rates formatted as percentages, the header row frozen and filtered,
// columns sized, long sentences wrapped, text that a spreadsheet would run as a formula
// neutralized (cells.ts). The column lists are the CSV ones.
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { neutralizeText } from './cells.js';
import type { Sink } from './writers.js';

const require = createRequire(import.meta.url);

export type Cell = string | number | boolean | null | undefined;
export type SheetRow = Record<string, Cell>;

export interface SheetSpec {
  /** the sheet's name */
  name: string;
  columns: readonly string[];
  /** the header shown for each column (its name, or its Chinese label) */
  headers: readonly string[];
  /** columns holding rates (fractions shown as percentages) */
  percentColumns?: ReadonlySet<string>;
  /** the column holding a row's metric id, when one column's values are rates only in some rows (the facts, the long table) */
  metricColumn?: string;
}

export interface WorkbookOptions {
  /** metric ids whose values are rates */
  percentMetrics: ReadonlySet<string>;
  /** shown instead of a metric id in a metric column (Chinese labels), or the id itself */
  metricName: (id: string) => string;
  /** the coded values of a column as shown (period H1 → 上半年), or the value itself */
  valueName: (column: string, value: string) => string;
}

/** Columns stored as numbers (the rest are text). */
const NUMERIC = new Set(['value', 'value_max', 'start', 'end', 'year', 'facts', 'docs']);
/** Column widths in characters; long text columns wrap. */
const WIDTH: Record<string, number> = {
  id: 20, doc: 36, doc_sha256: 16, sentence: 70, subject: 18, title: 40, meta_note: 40, sources: 40, conflicts: 50,
  text: 12, rule: 28, metric: 24, part_of: 20, fact_id: 20, division_code: 12, province: 12, city: 12, district: 14, street: 14,
};
const WRAP = new Set(['sentence', 'title', 'meta_note', 'sources', 'conflicts']);
const PERCENT = '0.0%';

/** One sheet being written: rows go out one by one (committed at once), so memory stays flat. */
export class SheetWriter {
  private metricIndex: number;
  constructor(private ws: ExcelJS.Worksheet, private spec: SheetSpec, private opts: WorkbookOptions) {
    ws.columns = spec.columns.map((c, i) => ({
      header: spec.headers[i]!,
      key: c,
      width: WIDTH[c] ?? (opts.percentMetrics.has(c) || c.includes('.') ? 14 : 12),
      style: {
        ...(spec.percentColumns?.has(c) ? { numFmt: PERCENT } : {}),
        ...(WRAP.has(c) ? { alignment: { wrapText: true, vertical: 'top' as const } } : {}),
      },
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    this.metricIndex = spec.metricColumn ? spec.columns.indexOf(spec.metricColumn) : -1;
  }

  add(row: SheetRow): void {
    const { columns } = this.spec;
    const metric = this.metricIndex >= 0 ? String(row[columns[this.metricIndex]!] ?? '') : '';
    const values = columns.map((c) => {
      const v = row[c];
      if (v === null || v === undefined || v === '') return null;
      if (NUMERIC.has(c) || this.opts.percentMetrics.has(c) || (c.includes('.') && typeof v === 'number')) {
        const n = typeof v === 'number' ? v : Number(v);
        return Number.isFinite(n) ? n : neutralizeText(String(v));
      }
      if (typeof v === 'boolean') return v;
      if (c === this.spec.metricColumn) return neutralizeText(this.opts.metricName(String(v)));
      return neutralizeText(this.opts.valueName(c, String(v)));
    });
    const r = this.ws.addRow(values);
    // a rate in a column of mixed values (the facts' and the long table's `value`)
    if (metric && this.opts.percentMetrics.has(metric)) {
      for (const c of ['value', 'value_max']) {
        const k = columns.indexOf(c);
        if (k >= 0) r.getCell(k + 1).numFmt = PERCENT;
      }
    }
    r.commit();
  }

  commit(): void {
    this.ws.commit();
  }
}

/**
 * A workbook written into a sink (an atomic file): sheets are added in order; each is
 * committed before the next is added.
 */
export class WorkbookWriter {
  private wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private current: SheetWriter | null = null;
  private failure: Error | null = null;
  constructor(sink: Sink, private opts: WorkbookOptions) {
    // loaded only when a workbook is asked for: exceljs is large, and most runs never need it
    const Excel = require('exceljs') as typeof ExcelJS;
    const stream = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        try {
          sink.write(chunk);
          done();
        } catch (err) {
          this.failure = err as Error;
          done(err as Error);
        }
      },
    });
    this.wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    this.wb.creator = 'lawreport';
    this.wb.created = new Date(0);
    this.wb.modified = new Date(0);
  }

  sheet(spec: SheetSpec): SheetWriter {
    this.current?.commit();
    // the header row frozen (a streamed sheet takes its views when it is added) and filtered
    const ws = this.wb.addWorksheet(spec.name, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
      autoFilter: { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } },
    } as Partial<ExcelJS.AddWorksheetOptions>);
    this.current = new SheetWriter(ws, spec, this.opts);
    return this.current;
  }

  async commit(): Promise<void> {
    this.current?.commit();
    this.current = null;
    await this.wb.commit();
    if (this.failure) throw this.failure;
  }
}
