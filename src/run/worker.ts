// A worker thread of the pool: loads rules, tokenizer and division tables once, then runs
// documents and hands back their serialized output.
import { workerData } from 'node:worker_threads';
import type { Format } from '../export/writers.js';
import { checkExamples } from '../rules/examples.js';
import type { RuleError } from '../rules/load.js';
import { setup } from '../setup.js';
import { toOutput, type DocOutput } from './doc-output.js';
import { runOneFile } from './run-file.js';

const { rulesDirs } = workerData as { rulesDirs: string[] };
const s = setup({ rulesDirs, examples: false });
if (!s.ok) throw new Error(`rules do not load in a worker: ${s.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`).join('; ')}`);
const ctx = s.ctx;
const metricIds = ctx.rules.metrics.map((m) => m.id);

export type Task = { kind: 'file'; file: string; format: Format } | { kind: 'examples' };

export default function work(task: Task): DocOutput | RuleError[] {
  if (task.kind === 'examples') return checkExamples({ ...ctx, divisions: null });
  return toOutput(runOneFile(task.file, ctx), task.format, metricIds);
}
