// The extract job: discover files, run them through the pipeline (here or on worker
// threads), and stream facts and summary rows out in input order as documents finish.
// One bad file never stops the run; output files are written whole or not at all.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import { FACT_FIELDS, type PipelineContext } from '../pipeline.js';
import type { DocOutput } from './doc-output.js';
import { summaryColumns } from '../export/summary.js';
import { AtomicFile, BufferedSink, RecordWriter, type Format, type RawSink } from '../export/writers.js';
import { discover } from './discover.js';
import { LARGE_FILE_BYTES } from './large-file.js';
import { createProcessor, LARGE_WORKER_FILE } from './pool.js';
import type { RuleFiles } from '../rules/compile.js';
import type { RuleError } from '../rules/load.js';

export interface ExtractOptions {
  paths: string[];
  format: Format;
  out?: string;
  glob?: string;
  bom?: boolean;
  /** worker threads; 1 runs everything on this thread */
  jobs: number;
  /** called once per document, in input order */
  onDocument?: (r: DocOutput, index: number, total: number) => void;
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

class Interrupted extends Error {
  override name = 'Interrupted';
}

/**
 * How many documents may be in flight per job, and how many bytes of them in all: output is
 * written in input order, so one slow document holds back the ones after it; a deep window
 * keeps the other workers busy meanwhile, the byte cap keeps memory bounded.
 */
const WINDOW_PER_JOB = 16;
const WINDOW_BYTES = 16 * 1024 * 1024;
/** worker output buffers larger than this are left to the collector rather than kept for reuse */
const SPARE_MAX = 2 * 1024 * 1024;

export async function extractRun(ctx: PipelineContext, opts: ExtractOptions, stdout: RawSink): Promise<ExtractSummary> {
  const found = discover(opts.paths, opts.glob);
  const processor = createProcessor(ctx, Math.min(opts.jobs, Math.max(1, found.files.length)), opts.format);
  // the rules' examples run on a worker while the first documents run on the others; no
  // output is opened (let alone written) before they have passed
  const examples = processor.checkExamples();
  const total = found.files.length;
  // on this thread (--jobs 1) a document runs when its turn comes: nothing to overlap
  const window = opts.jobs > 1 ? opts.jobs * WINDOW_PER_JOB : 1;
  // a giant file is not sent to a worker: it is read in chunks here when its turn comes
  const pending = new Map<number, Promise<DocOutput> | 'large'>();
  const sizes = new Map<number, number>();
  let pendingBytes = 0;
  /** output buffers of worker threads, written out and free to go back for another document */
  const spares: ArrayBuffer[] = [];
  let next = 0;
  const fill = () => {
    while (next < total && pending.size < window && (pending.size === 0 || pendingBytes < WINDOW_BYTES) && !opts.shouldStop?.()) {
      const i = next++;
      const size = fileSize(found.files[i]!);
      if (size > LARGE_FILE_BYTES) pending.set(i, 'large');
      else {
        pending.set(i, processor.run(found.files[i]!, spares.pop()));
        sizes.set(i, size);
        pendingBytes += size;
      }
    }
  };
  const settle = () => Promise.allSettled([...pending.values()].filter((p) => p !== 'large'));
  fill();
  const ruleErrors = await examples;
  if (ruleErrors.length) {
    await settle();
    await processor.close();
    return { files: found.files.length, read: 0, failed: 0, facts: 0, stopped: false, written: [], ruleErrors };
  }
  for (const d of found.diagnostics) opts.onDiagnostic(d);
  const metricIds = ctx.rules.metrics.map((m) => m.id);
  const files: AtomicFile[] = [];
  let factsSink: BufferedSink;
  let summarySink: BufferedSink | null = null;
  try {
    if (opts.out) {
      mkdirSync(opts.out, { recursive: true });
      files.push(new AtomicFile(path.join(opts.out, `facts.${opts.format}`)));
      files.push(new AtomicFile(path.join(opts.out, `summary.${opts.format}`)));
      factsSink = new BufferedSink(files[0]!);
      summarySink = new BufferedSink(files[1]!);
    } else {
      factsSink = new BufferedSink(stdout);
    }
  } catch (err) {
    for (const f of files) f.abort();
    await settle();
    await processor.close();
    throw err;
  }
  const factsOut = new RecordWriter(factsSink, opts.format, FACT_FIELDS, { bom: opts.bom });
  const summaryOut = summarySink ? new RecordWriter(summarySink, opts.format, summaryColumns(metricIds), { bom: opts.bom }) : null;
  const summary: ExtractSummary = { files: found.files.length, read: 0, failed: 0, facts: 0, stopped: false, written: [] };
  try {
    for (let i = 0; i < total; i++) {
      if (opts.shouldStop?.()) {
        summary.stopped = true;
        break;
      }
      fill();
      const job = pending.get(i)!;
      pending.delete(i);
      pendingBytes -= sizes.get(i) ?? 0;
      sizes.delete(i);
      let r: DocOutput;
      if (job === 'large') {
        const giant = runLargeFile(found.files[i]!, opts.format, ctx.rules.input);
        let piece = await giant.next();
        while (!piece.done) {
          factsOut.writeChunk(piece.value.chunk, piece.value.count);
          await factsSink.drained();
          if (opts.shouldStop?.()) break;
          piece = await giant.next();
        }
        if (!piece.done) {
          await giant.return(undefined as never);
          summary.stopped = true;
          break;
        }
        r = piece.value;
      } else r = await job;
      for (const d of r.diagnostics) opts.onDiagnostic(d);
      if (r.ok) summary.read++;
      else summary.failed++;
      const written = factsOut.writeChunk(r.facts, r.factCount);
      // a worker's buffer, written out: it goes back with a later document
      if (written && typeof r.facts !== 'string' && r.facts.buffer.byteLength <= SPARE_MAX && spares.length < window) spares.push(r.facts.buffer as ArrayBuffer);
      summary.facts += r.factCount;
      if (r.summary && summaryOut) summaryOut.write(r.summary);
      await factsSink.drained();
      // let signals (SIGINT/SIGTERM) in between documents even when every step was synchronous
      if (i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
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
    await settle();
    await processor.close();
  }
  return summary;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // the worker reports what is wrong with it
  }
}

/** Runs one giant file in a worker of its own with a capped heap, chunk by chunk. */
async function* runLargeFile(file: string, format: Format, ruleFiles: RuleFiles): AsyncGenerator<{ chunk: string; count: number }, DocOutput> {
  const worker = new Worker(LARGE_WORKER_FILE, {
    workerData: { file, format, ruleFiles },
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
  });
  const inbox: Array<{ chunk?: string; count?: number; done?: DocOutput } | Error> = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof inbox)[number]) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (err) => push(err));
  worker.on('exit', (code) => push(new Error(`worker exited with code ${code}`)));
  try {
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = inbox.shift()!;
      if (m instanceof Error) {
        return { doc: file, ok: false, facts: '', factCount: 0, summary: null, diagnostics: [{ code: 'INTERNAL_ERROR', args: { reason: `giant file worker failed: ${m.message}` }, doc: file, stage: 'extract' }] };
      }
      if (m.done) return m.done;
      yield { chunk: m.chunk!, count: m.count! };
      worker.postMessage('next');
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
