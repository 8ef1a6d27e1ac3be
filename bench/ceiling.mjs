// This machine's own parallel ceiling: the same CPU-bound loop on one thread, then on two,
// for the same wall time. On shared or hyper-threaded virtual CPUs two threads do less
// than twice the work of one; --jobs 2 cannot beat this ratio.
import { Worker } from 'node:worker_threads';
const code = `const { parentPort } = require('node:worker_threads');
const t = Date.now(); let n = 0; const a = new Float64Array(4096);
while (Date.now() - t < 1500) { for (let i = 0; i < a.length; i++) a[i] = Math.sqrt(a[i] + i); n++; }
parentPort.postMessage(n);`;
async function run(k) {
  const ws = Array.from({ length: k }, () => new Worker(code, { eval: true }));
  const r = await Promise.all(ws.map((w) => new Promise((res) => w.on('message', res))));
  await Promise.all(ws.map((w) => w.terminate()));
  return r.reduce((x, y) => x + y, 0);
}
const one = await run(1);
const two = await run(2);
console.log((two / one).toFixed(2));
