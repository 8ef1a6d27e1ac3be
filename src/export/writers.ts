// Record writers for CSV, JSON and JSON Lines. They write to a sink (stdout or a file
// written whole or not at all: a temporary file renamed into place when complete).
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { isFormulaLike, neutralizeText } from './cells.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record, RFC 4180: a field is quoted when it holds a comma, a quote or a line
 * break, and quotes inside are doubled; a text field that would start a formula in a
 * spreadsheet gets a leading ' and is quoted (cells.ts). This is what csv-stringify writes
 * with that one cast (a test checks they agree byte for byte), written inline because fact
 * rows are the hot path: csv-stringify per record cost a fifth of the whole run.
 */
export function csvRecord(cells: ReadonlyArray<string | number | boolean | null>): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i) out += ',';
    out += csvField(cells[i]!);
  }
  return out + '\n';
}

/** One CSV field, quoted when it must be. */
function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v); // numbers and booleans never need quotes
  if (isFormulaLike(v)) return '"' + neutralizeText(v).replace(/"/g, '""') + '"';
  return NEEDS_QUOTES.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

/** Formats of records written one after another (the facts a worker serializes are in one of these). */
export const RECORD_FORMATS = ['csv', 'json', 'jsonl'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];
/** Every output format: the record formats and the workbook (src/export/xlsx.ts). */
export const FORMATS = [...RECORD_FORMATS, 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** Text, or text already encoded as UTF-8. */
export type Chunk = string | Uint8Array;

export interface Sink {
  /** true when the sink is done with `chunk` once this returns (its bytes may be reused) */
  write(chunk: Chunk): boolean | void;
}

/** Where output finally goes: a file, or a stream such as stdout (which may ask us to wait). */
export interface RawSink {
  /** write() has copied or written the chunk when it returns (a file, not a stream) */
  readonly synchronous?: boolean;
  write(chunk: Chunk): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/** Collects small writes into 64 KiB chunks and honours a stream's back-pressure. */
export class BufferedSink implements Sink {
  private parts: Chunk[] = [];
  private size = 0;
  private waiting: Promise<void> | null = null;
  constructor(private target: RawSink, private limit = 1 << 16) {}
  write(chunk: Chunk): boolean {
    if (typeof chunk !== 'string' && this.target.synchronous) {
      // bytes go straight through, after what is pending: the caller may reuse them
      this.push();
      this.target.write(chunk);
      return true;
    }
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.limit) this.push();
    return false;
  }
  private push(): void {
    if (this.size === 0) return;
    const parts = this.parts;
    const data =
      parts.length === 1 ? parts[0]!
      : parts.every((p) => typeof p === 'string') ? parts.join('')
      : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.parts = [];
    this.size = 0;
    const ok = this.target.write(data);
    if (ok === false && this.target.once && !this.waiting) {
      this.waiting = new Promise((resolve) => this.target.once!('drain', resolve));
    }
  }
  /** Resolves once the target has taken what it was given. */
  async drained(): Promise<void> {
    const w = this.waiting;
    this.waiting = null;
    if (w) await w;
  }
  async flush(): Promise<void> {
    this.push();
    await this.drained();
  }
}

type Row = Record<string, unknown>;

function csvCell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

interface Columns {
  /** the row's values in column order, into `out` */
  values(row: Row, out: unknown[]): void;
  /** a copy of the row with exactly the columns, in order (undefined as null) */
  ordered(row: Row): Row;
}

const columnCode = new WeakMap<readonly string[], Columns>();

/**
 * Column access compiled once per column list: each column becomes a property read by
 * name, which stays fast, where reading 24 different keys through one variable does not.
 */
function columnsOf(columns: readonly string[]): Columns {
  let c = columnCode.get(columns);
  if (!c) {
    const keys = columns.map((k) => JSON.stringify(k));
    c = {
      values: new Function('row', 'out', keys.map((k, i) => `out[${i}] = row[${k}];`).join('\n')) as Columns['values'],
      ordered: new Function('row', `return { ${keys.map((k) => `[${k}]: row[${k}] ?? null`).join(', ')} };`) as Columns['ordered'],
    };
    columnCode.set(columns, c);
  }
  return c;
}

/**
 * Records as one chunk of text: CSV lines, JSON Lines, or JSON objects joined by ",\n"
 * (the array brackets and the separator before a chunk are the writer's). Pure, so a
 * worker thread can serialize its document and hand over a single string.
 */
export function serializeRecords(format: RecordFormat, columns: readonly string[], rows: readonly Row[]): string {
  const access = columnsOf(columns);
  if (format === 'csv') {
    // the facts of a document share most fields (doc, unit, year; the sentence of a list):
    // a value equal to the previous row's reuses its field as written
    const values: unknown[] = new Array(columns.length).fill(undefined);
    const lastValue: unknown[] = new Array(columns.length).fill(undefined);
    const fields: string[] = new Array(columns.length).fill('');
    const lines: string[] = [];
    for (let r = 0; r < rows.length; r++) {
      access.values(rows[r]!, values);
      for (let i = 0; i < columns.length; i++) {
        const v = values[i];
        if (r === 0 || v !== lastValue[i]) {
          fields[i] = csvField(csvCell(v));
          lastValue[i] = v;
        }
      }
      lines.push(fields.join(','));
    }
    return lines.length ? lines.join('\n') + '\n' : '';
  }
  const lines = rows.map((row) => JSON.stringify(access.ordered(row)));
  if (!lines.length) return '';
  return format === 'jsonl' ? lines.join('\n') + '\n' : lines.join(',\n');
}

export class RecordWriter {
  private count = 0;
  constructor(private sink: Sink, private format: RecordFormat, private columns: readonly string[], opts: { bom?: boolean; headers?: readonly string[] } = {}) {
    if (format === 'csv') {
      if (opts.bom) sink.write('\ufeff');
      sink.write(stringify([(opts.headers ?? columns) as string[]]));
    } else if (format === 'json') sink.write('[');
  }

  write(row: Row): void {
    this.writeChunk(serializeRecords(this.format, this.columns, [row]), 1);
  }

  /**
   * A chunk made by serializeRecords with the same format and columns (or its UTF-8 bytes).
   * True when the sink is done with it (Sink.write).
   */
  writeChunk(chunk: Chunk, count: number): boolean {
    if (count === 0) return true;
    if (this.format === 'json') this.sink.write(this.count ? ',\n' : '\n');
    this.count += count;
    return this.sink.write(chunk) === true;
  }

  end(): void {
    if (this.format === 'json') this.sink.write(this.count ? '\n]\n' : ']\n');
  }
}

/** Temporary files of this process not yet renamed or removed (see removeUnfinished). */
const unfinished = new Set<string>();

/**
 * Removes this process's temporary files, whatever they were for. bin/lawreport.js calls it
 * on exit, so no way out — a second Ctrl-C, an uncaught error — leaves a .partial file.
 */
export function removeUnfinished(): void {
  for (const tmp of unfinished) rmSync(tmp, { force: true });
  unfinished.clear();
}

const PARTIAL = /^\.(.+)\.(\d+)\.partial$/;

/** Whether a process with this id runs (one of another user counts). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that runs killed outright (kill -9, a power cut) left in
 * `dir` for these file names: `.<name>.<pid>.partial` of a process that no longer runs.
 */
export function removeStalePartials(dir: string, names: readonly string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // no folder yet: nothing left over in it
  }
  for (const e of entries) {
    const m = PARTIAL.exec(e);
    if (!m || !names.includes(m[1]!)) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && !alive(pid)) rmSync(path.join(dir, e), { force: true });
  }
}

/** A file that appears under its name only once it is complete. */
export class AtomicFile implements Sink, RawSink {
  readonly synchronous = true;
  readonly tmp: string;
  private fd: number | null;
  private finished = false;
  constructor(readonly file: string) {
    const dir = path.dirname(file);
    const name = path.basename(file);
    this.tmp = path.join(dir, `.${name}.${process.pid}.partial`);
    removeStalePartials(dir, [name]);
    try {
      // a folder in the way would only show when the file is renamed into place, at the end
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR' });
      this.fd = openSync(this.tmp, 'w');
    } catch (err) {
      // the error names the file asked for, not its temporary name
      (err as NodeJS.ErrnoException).path = file;
      throw err;
    }
    unfinished.add(this.tmp);
  }
  write(chunk: Chunk): boolean {
    if (this.fd === null) throw new Error(`${this.file} is already closed`);
    if (typeof chunk === 'string') writeSync(this.fd, chunk);
    else for (let off = 0; off < chunk.length; ) off += writeSync(this.fd, chunk, off);
    return true;
  }
  /** Makes the content safe on disk (a full disk shows here at the latest), not yet under its name. */
  finish(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    this.finished = true;
  }
  /** Puts the finished file under its name. */
  publish(): void {
    if (!this.finished) throw new Error(`${this.file} is not finished`);
    renameSync(this.tmp, this.file);
    unfinished.delete(this.tmp);
    this.finished = false;
  }
  commit(): void {
    this.finish();
    this.publish();
  }
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } finally {
        this.fd = null;
      }
    }
    this.finished = false;
    rmSync(this.tmp, { force: true });
    unfinished.delete(this.tmp);
  }
}
