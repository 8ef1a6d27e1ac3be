// A worker thread of the pool: builds its context once (workerContext), then runs
// documents and hands back their serialized output.
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import type { Format } from '../export/writers.js';
import type { RuleFiles } from '../rules/compile.js';
import { checkExamples } from '../rules/examples.js';
import { packOutput, toOutput } from './doc-output.js';
import { runOneFile } from './run-file.js';
import { workerContext } from './worker-context.js';

const { ruleFiles } = workerData as { ruleFiles: RuleFiles };
const ctx = workerContext(ruleFiles);
const metricIds = ctx.rules.metrics.map((m) => m.id);

/** `spare`: an output buffer handed back for this document's output (packOutput) */
export type Task = { kind: 'file'; file: string; format: Format; spare?: ArrayBuffer } | { kind: 'examples' };

/** A document's output comes back packed (packOutput) and moved, not copied, to the main thread. */
export default function work(task: Task): unknown {
  if (task.kind === 'examples') return checkExamples({ ...ctx, divisions: null });
  return move(packOutput(toOutput(runOneFile(task.file, ctx), task.format, metricIds), task.spare));
}
