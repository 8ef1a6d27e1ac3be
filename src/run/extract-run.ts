// The extract job: discover files, run each through the pipeline, stream facts out and
// collect the summary. One bad file never stops the run; outputs are written whole or
// not at all.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { severityOf } from '../diagnostics.js';
import { FACT_FIELDS, processDocument, type DocResult, type PipelineContext } from '../pipeline.js';
import { summaryColumns, summaryRow } from '../export/summary.js';
import { AtomicFile, RecordWriter, type Format, type Sink } from '../export/writers.js';
import { discover } from './discover.js';

export interface ExtractOptions {
  paths: string[];
  format: Format;
  out?: string;
  glob?: string;
  bom?: boolean;
  /** called once per document, in input order */
  onDocument?: (r: DocResult, index: number, total: number) => void;
  onDiagnostic: (d: Diagnostic) => void;
  /** checked between documents: stop early (SIGINT/SIGTERM) */
  shouldStop?: () => boolean;
}

export interface ExtractSummary {
  files: number;
  read: number;
  failed: number;
  facts: number;
  stopped: boolean;
  written: string[];
}

/** Reads one file; file system errors become a READ_FAILED diagnostic. */
export function readFileBytes(file: string): { ok: true; bytes: Buffer } | { ok: false; diagnostic: Diagnostic } {
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, diagnostic: { code: 'READ_FAILED', args: { reason: 'EISDIR' }, doc: file, stage: 'read' } };
    return { ok: true, bytes: readFileSync(file) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, diagnostic: { code: 'READ_FAILED', args: { reason: e.code ?? e.message }, doc: file, stage: 'read' } };
  }
}

export function runOneFile(file: string, ctx: PipelineContext): DocResult {
  const read = readFileBytes(file);
  if (!read.ok) return { doc: file, ok: false, doc_sha256: '', meta: null, facts: [], diagnostics: [read.diagnostic], bytes: 0 };
  try {
    return processDocument(file, read.bytes, ctx);
  } catch (err) {
    // a bug in one document must not sink the others; it is reported, not swallowed
    const e = err as Error;
    return {
      doc: file, ok: false, doc_sha256: '', meta: null, facts: [], bytes: read.bytes.length,
      diagnostics: [{ code: 'INTERNAL_ERROR', args: { reason: e.stack?.split('\n').slice(0, 2).join(' ') ?? String(e) }, doc: file, stage: 'extract' }],
    };
  }
}

export function extractRun(ctx: PipelineContext, opts: ExtractOptions, stdout: Sink): ExtractSummary {
  const found = discover(opts.paths, opts.glob);
  for (const d of found.diagnostics) opts.onDiagnostic(d);
  const metricIds = ctx.rules.metrics.map((m) => m.id);
  const ext = opts.format;
  const files: AtomicFile[] = [];
  let factsOut: RecordWriter;
  let summaryOut: RecordWriter | null = null;
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    const ff = new AtomicFile(path.join(opts.out, `facts.${ext}`));
    files.push(ff);
    const sf = new AtomicFile(path.join(opts.out, `summary.${ext}`));
    files.push(sf);
    factsOut = new RecordWriter(ff, opts.format, FACT_FIELDS, { bom: opts.bom });
    summaryOut = new RecordWriter(sf, opts.format, summaryColumns(metricIds), { bom: opts.bom });
  } else {
    factsOut = new RecordWriter(stdout, opts.format, FACT_FIELDS, { bom: opts.bom });
  }
  const summary: ExtractSummary = { files: found.files.length, read: 0, failed: 0, facts: 0, stopped: false, written: [] };
  try {
    for (let i = 0; i < found.files.length; i++) {
      if (opts.shouldStop?.()) {
        summary.stopped = true;
        break;
      }
      const r = runOneFile(found.files[i]!, ctx);
      for (const d of r.diagnostics) opts.onDiagnostic(d);
      if (r.ok) summary.read++;
      else summary.failed++;
      for (const f of r.facts) factsOut.write(f as unknown as Record<string, unknown>);
      summary.facts += r.facts.length;
      if (r.ok && summaryOut) summaryOut.write(summaryRow(r, metricIds));
      opts.onDocument?.(r, i, found.files.length);
    }
    if (summary.stopped) throw new Interrupted();
    factsOut.end();
    summaryOut?.end();
    for (const f of files) {
      f.commit();
      summary.written.push(f.file);
    }
  } catch (err) {
    for (const f of files) f.abort();
    if (err instanceof Interrupted) return summary;
    throw err;
  }
  return summary;
}

export class Interrupted extends Error {
  override name = 'Interrupted';
}

export const isError = (d: Diagnostic) => severityOf(d) === 'error';
