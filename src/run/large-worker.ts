// A worker thread for one giant file: extracts it chunk by chunk under a capped heap and
// posts each chunk's serialized facts, waiting for the main thread to take each one.
import { parentPort, workerData } from 'node:worker_threads';
import type { Format } from '../export/writers.js';
import type { RuleFiles } from '../rules/compile.js';
import { processLargeFile } from './large-file.js';
import { workerContext } from './worker-context.js';

const { file, format, ruleFiles } = workerData as { file: string; format: Format; ruleFiles: RuleFiles };
const port = parentPort!;
const gen = processLargeFile(file, workerContext(ruleFiles), format);

function step(): void {
  const r = gen.next();
  if (r.done) port.postMessage({ done: r.value });
  else port.postMessage({ chunk: r.value.chunk, count: r.value.count });
}
port.on('message', (m: 'next' | 'stop') => {
  if (m === 'next') step();
  else process.exit(0);
});
step();
