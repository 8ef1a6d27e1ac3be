// The worker started ahead of a run (src/run/prestart.ts): the pool takes it as its first
// worker with what it said while nobody listened, a run that never needs it ends it, and a
// pool asking for other limits starts its own.
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessor } from '../src/run/pool.js';
import { BUILT_IN_SPEC, dropPrestarted, prestartWorker, takePrestarted, workerSpec } from '../src/run/prestart.js';
import { DEFAULT_HEAP_MB } from '../src/run/limits.js';
import { setup } from '../src/setup.js';
import { fixture } from './helpers.js';

const s = setup({ divisions: false, tokenizer: false });
if (!s.ok) throw new Error('the built-in rules do not load');
const ruleFiles = s.ctx.rules.input;
const limits = { timeoutMs: 60_000, heapMb: DEFAULT_HEAP_MB };
const doc = fixture('reports', '000_c90d8c21b93b550a.txt');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The document run by a pool of its own, one worker, on these rule files. */
async function runAlone(files: typeof ruleFiles) {
  const p = createProcessor(files, 1, 'jsonl', limits);
  const out = await p.run({ doc, path: doc });
  await p.close();
  return out;
}

afterEach(async () => {
  await dropPrestarted();
});

describe('a worker started ahead of the run', () => {
  it('is taken by the pool, ready before the pool listened, and runs the documents', async () => {
    prestartWorker(workerSpec(ruleFiles, DEFAULT_HEAP_MB));
    // long enough for the worker to load and say it is ready while nobody listens
    await sleep(3000);
    const p = createProcessor(ruleFiles, 1, 'jsonl', limits);
    // taken: nothing is left waiting
    expect(takePrestarted(workerSpec(ruleFiles, DEFAULT_HEAP_MB))).toBeNull();
    const out = await p.run({ doc, path: doc });
    expect(out.ok).toBe(true);
    await p.close();
    // the same output as a worker the pool started itself
    const again = await runAlone(ruleFiles);
    expect(out.factCount).toBe(47);
    expect(out.facts).toEqual(again.facts);
  }, 60_000);

  it('is not taken by a pool with another heap limit, and ends when the run ends', async () => {
    prestartWorker(workerSpec(ruleFiles, DEFAULT_HEAP_MB));
    const p = createProcessor(ruleFiles, 1, 'jsonl', { ...limits, heapMb: DEFAULT_HEAP_MB + 32 });
    expect(takePrestarted(workerSpec(ruleFiles, DEFAULT_HEAP_MB + 32))).toBeNull();
    const out = await p.run({ doc, path: doc });
    expect(out.ok).toBe(true);
    await p.close();
    // still waiting, for the same limits; dropped, it is gone
    await dropPrestarted();
    expect(takePrestarted(workerSpec(ruleFiles, DEFAULT_HEAP_MB))).toBeNull();
  }, 60_000);

  it('that died while nobody listened is known to the pool: the run does not wait for it', async () => {
    // a heap far too small for the tokenizer: the worker dies while it starts
    prestartWorker(workerSpec(ruleFiles, 4));
    await sleep(3000);
    const p = createProcessor(ruleFiles, 1, 'jsonl', { ...limits, heapMb: 4 });
    const out = await p.run({ doc, path: doc });
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]!.code).toMatch(/INTERNAL_ERROR|OUT_OF_MEMORY/);
    await p.close();
  }, 60_000);

  it('started on a guess from the command line is ended when the run asks for another', async () => {
    // the built-in rules from the snapshot (verified) go to a worker by name: the early guess is the same spec
    expect(workerSpec({ ...ruleFiles, verified: true }, DEFAULT_HEAP_MB)).toEqual(BUILT_IN_SPEC);
    prestartWorker(BUILT_IN_SPEC);
    prestartWorker(workerSpec(ruleFiles, DEFAULT_HEAP_MB + 32));
    expect(takePrestarted(BUILT_IN_SPEC)).toBeNull();
    const taken = takePrestarted(workerSpec(ruleFiles, DEFAULT_HEAP_MB + 32));
    expect(taken).not.toBeNull();
    await taken!.worker.terminate();
  }, 60_000);

  it('on the built-in rules reads them from the snapshot and gives the facts of one given the rule files', async () => {
    // (the workers run from dist/, whose snapshot the build wrote)
    const a = await runAlone({ ...ruleFiles, verified: true });
    const b = await runAlone(ruleFiles);
    expect(a.factCount).toBe(47);
    expect(a.facts).toEqual(b.facts);
  }, 60_000);
});
