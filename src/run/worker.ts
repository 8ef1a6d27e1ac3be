// A worker thread of the pool: loads rules and the tokenizer once, then runs documents.
// The reporting unit is resolved by the main thread (one copy of the division tables).
import { workerData } from 'node:worker_threads';
import type { DocResult } from '../pipeline.js';
import { checkExamples } from '../rules/examples.js';
import type { RuleError } from '../rules/load.js';
import { setup } from '../setup.js';
import { runOneFile } from './run-file.js';

const { rulesDirs } = workerData as { rulesDirs: string[] };
const s = setup({ rulesDirs, divisions: false, examples: false });
if (!s.ok) throw new Error(`rules do not load in a worker: ${s.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`).join('; ')}`);
const ctx = s.ctx;

export type Task = { kind: 'file'; file: string } | { kind: 'examples' };

export default function work(task: Task): DocResult | RuleError[] {
  if (task.kind === 'examples') return checkExamples(ctx);
  return runOneFile(task.file, ctx, { deferUnit: true });
}
