// A worker thread for one giant file: extracts it chunk by chunk under a capped heap and
// posts each chunk's serialized facts, waiting for the main thread to take each one.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Format } from '../export/writers.js';
import type { RuleFiles } from '../rules/compile.js';
import { processLargeFile } from './large-file.js';
import { guardNative } from './native-guard.js';
import { workerContext } from './worker-context.js';

const { file, path, format, ruleFiles, flags } = workerData as { file: string; path?: Uint8Array; format: Format; ruleFiles: RuleFiles; flags: Int32Array };
guardNative(createRequire(import.meta.url), flags);
const port = parentPort!;
const gen = processLargeFile(file, workerContext(ruleFiles), format, path);

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
