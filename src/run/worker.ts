// A worker thread of the pool: loads rules, tokenizer and division tables once, then runs
// documents and hands back their serialized output.
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import type { Format } from '../export/writers.js';
import { checkExamples } from '../rules/examples.js';
import { setup } from '../setup.js';
import { packOutput, toOutput } from './doc-output.js';
import { runOneFile } from './run-file.js';

const { rulesDirs } = workerData as { rulesDirs: string[] };
const s = setup({ rulesDirs, examples: false });
if (!s.ok) throw new Error(`rules do not load in a worker: ${s.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`).join('; ')}`);
const ctx = s.ctx;
const metricIds = ctx.rules.metrics.map((m) => m.id);

export type Task = { kind: 'file'; file: string; format: Format } | { kind: 'examples' };

/** A document's output comes back packed (packOutput) and moved, not copied, to the main thread. */
export default function work(task: Task): unknown {
  if (task.kind === 'examples') return checkExamples({ ...ctx, divisions: null });
  return move(packOutput(toOutput(runOneFile(task.file, ctx), task.format, metricIds)));
}
