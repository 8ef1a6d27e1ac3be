// The extract job: discover files, run them through the pipeline (here or on worker
// threads), and stream facts and summary rows out in input order as documents finish.
// One bad file never stops the run; output files are written whole or not at all.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { severityOf } from '../diagnostics.js';
import { FACT_FIELDS, type DocResult, type PipelineContext } from '../pipeline.js';
import { summaryColumns, summaryRow } from '../export/summary.js';
import { AtomicFile, BufferedSink, RecordWriter, type Format, type RawSink } from '../export/writers.js';
import { discover } from './discover.js';
import { createProcessor } from './pool.js';
import type { RuleError } from '../rules/load.js';

export interface ExtractOptions {
  paths: string[];
  format: Format;
  out?: string;
  glob?: string;
  bom?: boolean;
  /** worker threads; 1 runs everything on this thread */
  jobs: number;
  rulesDirs: string[];
  /** called once per document, in input order */
  onDocument?: (r: DocResult, index: number, total: number) => void;
  onDiagnostic: (d: Diagnostic) => void;
  /** checked between documents: stop early (SIGINT/SIGTERM) */
  shouldStop?: () => boolean;
}

export interface ExtractSummary {
  /** the rules' inline examples failed: nothing was read */
  ruleErrors?: RuleError[];
  files: number;
  read: number;
  failed: number;
  facts: number;
  stopped: boolean;
  written: string[];
}

export class Interrupted extends Error {
  override name = 'Interrupted';
}

/** How many documents may be in flight per job: enough to keep workers busy, bounded memory. */
const WINDOW_PER_JOB = 4;

export async function extractRun(ctx: PipelineContext, opts: ExtractOptions, stdout: RawSink): Promise<ExtractSummary> {
  const found = discover(opts.paths, opts.glob);
  const processor = createProcessor(ctx, Math.min(opts.jobs, Math.max(1, found.files.length)), opts.rulesDirs);
  const ruleErrors = await processor.checkExamples();
  if (ruleErrors.length) {
    await processor.close();
    return { files: found.files.length, read: 0, failed: 0, facts: 0, stopped: false, written: [], ruleErrors };
  }
  for (const d of found.diagnostics) opts.onDiagnostic(d);
  const metricIds = ctx.rules.metrics.map((m) => m.id);
  const files: AtomicFile[] = [];
  let factsSink: BufferedSink;
  let summarySink: BufferedSink | null = null;
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    const ff = new AtomicFile(path.join(opts.out, `facts.${opts.format}`));
    files.push(ff);
    const sf = new AtomicFile(path.join(opts.out, `summary.${opts.format}`));
    files.push(sf);
    factsSink = new BufferedSink(ff);
    summarySink = new BufferedSink(sf);
  } else {
    factsSink = new BufferedSink(stdout);
  }
  const factsOut = new RecordWriter(factsSink, opts.format, FACT_FIELDS, { bom: opts.bom });
  const summaryOut = summarySink ? new RecordWriter(summarySink, opts.format, summaryColumns(metricIds), { bom: opts.bom }) : null;
  const summary: ExtractSummary = { files: found.files.length, read: 0, failed: 0, facts: 0, stopped: false, written: [] };
  const total = found.files.length;
  const window = Math.max(1, opts.jobs) * WINDOW_PER_JOB;
  const pending = new Map<number, Promise<DocResult>>();
  let next = 0;
  const fill = () => {
    while (next < total && pending.size < window && !opts.shouldStop?.()) {
      const i = next++;
      pending.set(i, processor.run(found.files[i]!));
    }
  };
  try {
    for (let i = 0; i < total; i++) {
      if (opts.shouldStop?.()) {
        summary.stopped = true;
        break;
      }
      fill();
      const r = await pending.get(i)!;
      pending.delete(i);
      for (const d of r.diagnostics) opts.onDiagnostic(d);
      if (r.ok) summary.read++;
      else summary.failed++;
      factsOut.writeRows(r.facts as unknown as Array<Record<string, unknown>>);
      summary.facts += r.facts.length;
      if (r.ok && summaryOut) summaryOut.write(summaryRow(r, metricIds));
      await factsSink.drained();
      opts.onDocument?.(r, i, total);
    }
    if (summary.stopped) throw new Interrupted();
    factsOut.end();
    summaryOut?.end();
    await factsSink.flush();
    await summarySink?.flush();
    for (const f of files) {
      f.commit();
      summary.written.push(f.file);
    }
  } catch (err) {
    for (const f of files) f.abort();
    if (!(err instanceof Interrupted)) throw err;
  } finally {
    await Promise.allSettled(pending.values());
    await processor.close();
  }
  return summary;
}

export const isError = (d: Diagnostic) => severityOf(d) === 'error';
