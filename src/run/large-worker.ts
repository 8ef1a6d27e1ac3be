// A worker thread for one giant file: extracts it chunk by chunk under a capped heap and
// posts each chunk's serialized facts, waiting for the main thread to take each one.
import { parentPort, workerData } from 'node:worker_threads';
import type { Format } from '../export/writers.js';
import { setup } from '../setup.js';
import { processLargeFile } from './large-file.js';

const { file, format, rulesDirs } = workerData as { file: string; format: Format; rulesDirs: string[] };
const port = parentPort!;
const s = setup({ rulesDirs, examples: false });
if (!s.ok) throw new Error(`rules do not load in a worker: ${s.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`).join('; ')}`);
const gen = processLargeFile(file, s.ctx, format);

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
