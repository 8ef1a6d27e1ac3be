// A worker thread of the pool (pool.ts): builds its context once (workerContext), then runs
// the tasks it is sent, one at a time, saying when it starts each, and hands back each
// document's serialized output.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordFormat } from '../export/writers.js';
import { checkExamples } from '../rules/examples.js';
import type { RuleError } from '../rules/load.js';
import { labeler, PLAIN } from '../export/labels.js';
import { packResult, type StoreRows } from './doc-output.js';
import { guardNative } from './native-guard.js';
import { runOneFile } from './run-file.js';
import { workerContext, type WorkerRules } from './worker-context.js';

/** `spare`: an output buffer handed back for this document's output (packResult) */
/** `labels`: facts with their metric and coded values named in Chinese (--labels zh) */
/** `store`: the store's rows too, or only them (doc-output.ts StoreRows) */
export type Task = { kind: 'file'; file: string; path?: string | Uint8Array; format: RecordFormat; labels: boolean; spare?: ArrayBuffer; store?: StoreRows } | { kind: 'examples' };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'start'; id: number }
  | { type: 'done'; id: number; result: Uint8Array | RuleError[] };

const port = parentPort!;
const { ruleFiles, flags } = workerData as { ruleFiles: WorkerRules; flags: Int32Array };
guardNative(createRequire(import.meta.url), flags);
const ctx = workerContext(ruleFiles);
const metricIds = ctx.rules.metrics.map((m) => m.id);
const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

port.on('message', (task: Task & { id: number }) => {
  post({ type: 'start', id: task.id });
  if (task.kind === 'examples') {
    post({ type: 'done', id: task.id, result: checkExamples({ ...ctx, divisions: null }) });
    return;
  }
  // the output comes back packed (packResult) and moved, not copied, to the main thread
  const packed = packResult(runOneFile(task.file, ctx, task.path), task.format, metricIds, task.spare, task.labels ? labeler(ctx.rules.labels) : PLAIN, task.store);
  post({ type: 'done', id: task.id, result: packed }, [packed.buffer as ArrayBuffer]);
});
post({ type: 'ready' });
