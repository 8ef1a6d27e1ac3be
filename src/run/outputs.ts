// The tables a run writes, and where: the facts (streamed as documents finish), the summary
// (a row per document), the headline values (metrics: a row per document and metric) and the
// unit-year rows (units: merged across documents when the last one is in). With --out, each
// is a file (facts.csv, summary.csv, metrics.csv, units.csv, or one lawreport.xlsx) written
// whole or not at all; without it, the facts go to standard output.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { labeler, PLAIN, type Labeler } from '../export/labels.js';
import { summaryColumns } from '../export/summary.js';
import { AtomicFile, BufferedSink, FORMATS, RecordWriter, removeStalePartials, type Chunk, type Format, type RawSink, type RecordFormat } from '../export/writers.js';
import { WorkbookWriter, type SheetWriter, type SheetSpec } from '../export/xlsx.js';
import { FACT_FIELDS } from '../fields.js';
import type { Labels } from '../rules/compile.js';
import { HEADLINE_FIELDS, unitColumns } from '../tables/columns.js';
import { mergeUnits, type UnitDoc } from '../tables/units.js';
import type { DocOutput } from './doc-output.js';

/** The tables, by their file names (without extension). */
export const TABLES = ['facts', 'summary', 'metrics', 'units'] as const;
/** The workbook's file name with --out and -f xlsx. */
export const WORKBOOK = 'lawreport.xlsx';

export interface OutputOptions {
  format: Format;
  out?: string;
  bom?: boolean;
  /** Chinese column headers, metric names and coded values */
  labels?: boolean;
}

export interface RunOutputs {
  /** a document's facts as a worker serialized them; true when the sink is done with the chunk */
  facts(chunk: Chunk, count: number): boolean;
  /** a document's rows of the other tables */
  doc(o: DocOutput): void;
  /** resolves once the output has taken what it was given (stdout's back-pressure) */
  drained(): Promise<void>;
  /** writes what comes at the end (the unit-year rows) and makes every file safe on disk */
  finish(): Promise<void>;
  /** puts the files under their names; returns them */
  publish(): string[];
  /** removes every unfinished file */
  abort(): void;
}

/** What the outputs need of the rules: the metrics (columns, rates) and the Chinese labels. A store keeps these too. */
export interface OutputRules {
  metrics: ReadonlyArray<{ id: string; unit: string }>;
  labels: Labels;
}

/** The format the workers serialize facts in: the workbook reads JSON Lines. */
export const factFormat = (f: Format): RecordFormat => (f === 'xlsx' ? 'jsonl' : f);

/**
 * Opens the outputs of a run. `first` is a file that must be put in place before the others
 * (the --errors file: if it cannot be, neither are they).
 */
export function openOutputs(rules: OutputRules, o: OutputOptions, stdout: RawSink, first?: AtomicFile): RunOutputs {
  const metricIds = rules.metrics.map((m) => m.id);
  const names = o.labels ? labeler(rules.labels) : PLAIN;
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    // what runs killed outright left behind
    removeStalePartials(o.out, [...FORMATS.flatMap((f) => TABLES.map((t) => `${t}.${f}`)), WORKBOOK]);
  }
  return o.format === 'xlsx'
    ? new WorkbookOutputs(rules, metricIds, names, o, stdout, first)
    : new RecordOutputs(metricIds, names, o as OutputOptions & { format: RecordFormat }, stdout, first);
}

/** The files of a run's outputs: put in place together, or removed together. */
abstract class FileOutputs {
  protected files: AtomicFile[] = [];
  publish(): string[] {
    for (const f of this.files) f.publish();
    return this.files.map((f) => f.file);
  }
  abort(): void {
    for (const f of this.files) f.abort();
  }
}

/** CSV, JSON or JSON Lines: one file per table with --out, else the facts on standard output. */
class RecordOutputs extends FileOutputs implements RunOutputs {
  private sinks: BufferedSink[] = [];
  private factsOut: RecordWriter;
  private summaryOut: RecordWriter | null = null;
  private metricsOut: RecordWriter | null = null;
  private unitsOut: RecordWriter | null = null;
  private units: UnitDoc[] = [];
  constructor(private metricIds: string[], private names: Labeler, o: OutputOptions & { format: RecordFormat }, stdout: RawSink, first?: AtomicFile) {
    super();
    const header = (columns: readonly string[]) => ({ bom: o.bom, headers: columns.map(names.header) });
    try {
      if (o.out) {
        const open = (table: string, columns: readonly string[]) => {
          const file = new AtomicFile(path.join(o.out!, `${table}.${o.format}`));
          this.files.push(file);
          const sink = new BufferedSink(file);
          this.sinks.push(sink);
          return new RecordWriter(sink, o.format, columns, header(columns));
        };
        this.factsOut = open('facts', FACT_FIELDS);
        this.summaryOut = open('summary', summaryColumns(metricIds));
        this.metricsOut = open('metrics', HEADLINE_FIELDS);
        this.unitsOut = open('units', unitColumns(metricIds));
      } else {
        const sink = new BufferedSink(stdout);
        this.sinks.push(sink);
        this.factsOut = new RecordWriter(sink, o.format, FACT_FIELDS, header(FACT_FIELDS));
      }
    } catch (err) {
      this.abort();
      throw err;
    }
    if (first) this.files.unshift(first);
  }
  facts(chunk: Chunk, count: number): boolean {
    return this.factsOut.writeChunk(chunk, count);
  }
  doc(r: DocOutput): void {
    if (!this.summaryOut) return;
    if (r.summary) this.summaryOut.write(this.names.row(r.summary));
    for (const h of r.headlines) this.metricsOut!.write(this.names.row(h));
    if (r.unit) this.units.push(r.unit);
  }
  drained(): Promise<void> {
    return this.sinks[0]!.drained();
  }
  async finish(): Promise<void> {
    if (this.unitsOut) for (const row of mergeUnits(this.units, this.metricIds)) this.unitsOut.write(this.names.row(row));
    for (const w of [this.factsOut, this.summaryOut, this.metricsOut, this.unitsOut]) w?.end();
    for (const s of this.sinks) await s.flush();
    for (const f of this.files) f.finish();
  }
}

/** One workbook: the facts sheet streamed, the three small tables added at the end. */
class WorkbookOutputs extends FileOutputs implements RunOutputs {
  private sink: BufferedSink;
  private book: WorkbookWriter;
  private factsSheet: SheetWriter;
  private summaries: Array<Record<string, unknown>> = [];
  private headlines: Array<Record<string, unknown>> = [];
  private units: UnitDoc[] = [];
  private pending = '';
  private decoder = new TextDecoder();
  constructor(private rules: OutputRules, private metricIds: string[], private names: Labeler, o: OutputOptions, stdout: RawSink, first?: AtomicFile) {
    super();
    try {
      if (o.out) {
        const file = new AtomicFile(path.join(o.out, WORKBOOK));
        this.files.push(file);
        this.sink = new BufferedSink(file);
      } else this.sink = new BufferedSink(stdout);
      const percent = new Set(rules.metrics.filter((m) => m.unit === 'percent').map((m) => m.id));
      this.book = new WorkbookWriter(this.sink, {
        percentMetrics: percent,
        metricName: (id) => names.value('metric', id),
        valueName: (c, v) => names.value(c, v),
      });
      this.factsSheet = this.book.sheet(this.spec('facts', FACT_FIELDS, 'metric'));
    } catch (err) {
      this.abort();
      throw err;
    }
    if (first) this.files.unshift(first);
  }
  private spec(table: string, columns: readonly string[], metricColumn?: string): SheetSpec {
    const percent = new Set(this.rules.metrics.filter((m) => m.unit === 'percent').map((m) => m.id));
    return {
      name: this.names.sheet(table),
      columns,
      headers: columns.map(this.names.header),
      percentColumns: new Set(columns.filter((c) => percent.has(c))),
      metricColumn,
    };
  }
  facts(chunk: Chunk, count: number): boolean {
    if (count === 0) return true;
    // JSON Lines from the workers: one fact a line (a chunk ends on a line end)
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk));
    const end = text.lastIndexOf('\n');
    this.pending = text.slice(end + 1);
    for (const line of text.slice(0, end).split('\n')) if (line) this.factsSheet.add(JSON.parse(line) as Record<string, never>);
    return true;
  }
  doc(r: DocOutput): void {
    if (r.summary) this.summaries.push(r.summary);
    for (const h of r.headlines) this.headlines.push(h);
    if (r.unit) this.units.push(r.unit);
  }
  drained(): Promise<void> {
    return this.sink.drained();
  }
  async finish(): Promise<void> {
    const add = (table: string, columns: readonly string[], rows: Array<Record<string, unknown>>, metricColumn?: string) => {
      const sheet = this.book.sheet(this.spec(table, columns, metricColumn));
      for (const row of rows) sheet.add(row as Record<string, never>);
    };
    add('summary', summaryColumns(this.metricIds), this.summaries);
    add('metrics', HEADLINE_FIELDS, this.headlines, 'metric');
    add('units', unitColumns(this.metricIds), mergeUnits(this.units, this.metricIds));
    await this.book.commit();
    await this.sink.flush();
    for (const f of this.files) f.finish();
  }
}
