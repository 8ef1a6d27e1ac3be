// A worker thread for one giant file: extracts it chunk by chunk under a capped heap and
// posts each chunk's serialized facts, waiting for the main thread to take each one.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordFormat } from '../export/writers.js';
import type { RuleFiles } from '../rules/compile.js';
import { labeler, PLAIN } from '../export/labels.js';
import type { StoreRows } from './doc-output.js';
import { processLargeFile } from './large-file.js';
import { guardNative } from './native-guard.js';
import { workerContext } from './worker-context.js';

const { file, path, format, labels, ruleFiles, flags, store } = workerData as { file: string; path?: string | Uint8Array; format: RecordFormat; labels: boolean; ruleFiles: RuleFiles; flags: Int32Array; store?: StoreRows };
guardNative(createRequire(import.meta.url), flags);
const port = parentPort!;
const ctx = workerContext(ruleFiles);
const gen = processLargeFile(file, ctx, format, path, labels ? labeler(ctx.rules.labels) : PLAIN, store);

function step(): void {
  const r = gen.next();
  if (r.done) port.postMessage({ done: r.value });
  else port.postMessage(r.value);
}
port.on('message', (m: 'next' | 'stop') => {
  if (m === 'next') step();
  else process.exit(0);
});
step();
