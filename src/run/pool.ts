// Runs documents on the current thread (jobs = 1) or on a pool of worker threads, one
// per job. Workers load rules and tokenizer once; the main thread keeps the one copy of
// the division tables and resolves each document's reporting unit.
import path from 'node:path';
import { Piscina } from 'piscina';
import { applyUnit, type DocResult, type PipelineContext } from '../pipeline.js';
import { checkExamples } from '../rules/examples.js';
import { BUILTIN_RULES_DIR, type RuleError } from '../rules/load.js';
import { ensureTokenizer } from '../setup.js';
import { runOneFile } from './run-file.js';
import type { Task } from './worker.js';

export interface Processor {
  /** the rules' inline examples, run where the documents will run */
  checkExamples(): Promise<RuleError[]>;
  run(file: string): Promise<DocResult>;
  close(): Promise<void>;
}

/** The compiled worker (the pool always runs the built JavaScript, also under the tests). */
export const WORKER_FILE = path.join(BUILTIN_RULES_DIR, '..', 'dist', 'run', 'worker.js');

export function createProcessor(ctx: PipelineContext, jobs: number, rulesDirs: string[]): Processor {
  if (jobs <= 1) {
    ensureTokenizer(ctx.rules);
    return {
      checkExamples: async () => checkExamples({ ...ctx, divisions: null }),
      run: async (file) => runOneFile(file, ctx),
      close: async () => {},
    };
  }
  const pool = new Piscina({
    filename: WORKER_FILE,
    workerData: { rulesDirs: rulesDirs.map((d) => path.resolve(d)) },
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 1000,
  });
  const task = (t: Task) => pool.run(t);
  return {
    checkExamples: () => task({ kind: 'examples' }) as Promise<RuleError[]>,
    run: async (file) => {
      const r = (await task({ kind: 'file', file })) as DocResult;
      return ctx.divisions ? applyUnit(r, ctx.divisions) : r;
    },
    close: () => pool.destroy(),
  };
}
