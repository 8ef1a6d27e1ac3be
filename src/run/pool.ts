// Runs documents on the current thread (jobs = 1) or on a pool of worker threads, one
// per job. Each worker loads rules, tokenizer and division tables once and returns each
// document serialized, so the main thread only writes strings in input order.
import path from 'node:path';
import { Piscina } from 'piscina';
import type { Format } from '../export/writers.js';
import { loadDivisionIndex } from '../meta/load-divisions.js';
import type { PipelineContext } from '../pipeline.js';
import { checkExamples } from '../rules/examples.js';
import type { RuleError } from '../rules/load.js';
import { BUILTIN_RULES_DIR } from '../rules/paths.js';
import { ensureTokenizer } from '../tokenize/domain.js';
import { toOutput, unpackOutput, type DocOutput } from './doc-output.js';
import { runOneFile } from './run-file.js';
import type { Task } from './worker.js';

export interface Processor {
  /** the rules' inline examples, run where the documents will run */
  checkExamples(): Promise<RuleError[]>;
  /** `spare`: a buffer whose bytes are written out, for the document's output (worker threads only) */
  run(file: string, spare?: ArrayBuffer): Promise<DocOutput>;
  close(): Promise<void>;
}

/** The compiled worker (the pool always runs the built JavaScript, also under the tests). */
export const WORKER_FILE = path.join(BUILTIN_RULES_DIR, '..', 'dist', 'run', 'worker.js');
export const LARGE_WORKER_FILE = path.join(BUILTIN_RULES_DIR, '..', 'dist', 'run', 'large-worker.js');

export function createProcessor(ctx: PipelineContext, jobs: number, format: Format): Processor {
  if (jobs <= 1) {
    ensureTokenizer(ctx.rules);
    const local: PipelineContext = { ...ctx, divisions: ctx.divisions ?? loadDivisionIndex() };
    const metricIds = ctx.rules.metrics.map((m) => m.id);
    return {
      checkExamples: async () => checkExamples({ ...local, divisions: null }),
      run: async (file) => toOutput(runOneFile(file, local), format, metricIds),
      close: async () => {},
    };
  }
  const pool = new Piscina({
    filename: WORKER_FILE,
    workerData: { ruleFiles: ctx.rules.input },
    // all started at once, so their start-up (tokenizer, division tables) overlaps
    minThreads: jobs,
    maxThreads: jobs,
    // a second task waits in each worker's queue, so a worker that finishes one document
    // starts the next at once instead of waiting for the main thread to hand it over
    // (200 MB at --jobs 2: 9.8 s -> 9.2 s)
    concurrentTasksPerWorker: 2,
    idleTimeout: 1000,
    // the old generation stays small (the live set is a few MB) and is capped; the young one
    // is as large as the main thread's default: a document's short-lived data dies there
    // instead of being promoted (at 8 MB the collector's background threads spent 1.4 s more
    // per 200 MB; 48 MB keeps peak RSS of a two-worker run near 360 MB)
    resourceLimits: { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 160 },
  });
  const task = (t: Task, transferList?: ArrayBuffer[]) => pool.run(t, { transferList });
  return {
    checkExamples: () => task({ kind: 'examples' }) as Promise<RuleError[]>,
    // a worker that dies on one document (out of memory, a crash in the native tokenizer)
    // costs that document only: piscina replaces the worker and the run goes on
    run: (file, spare) =>
      (task({ kind: 'file', file, format, spare }, spare ? [spare] : undefined) as Promise<Uint8Array>).then(unpackOutput, (err: Error) => ({
        doc: file,
        ok: false,
        diagnostics: [{ code: 'INTERNAL_ERROR' as const, args: { reason: `worker failed: ${err.message}` }, doc: file, stage: 'extract' as const }],
        facts: '',
        factCount: 0,
        summary: null,
      })),
    close: () => pool.destroy(),
  };
}
