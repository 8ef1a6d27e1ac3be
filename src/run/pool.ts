// Runs documents on worker threads, one per job — also at --jobs 1, so that the limits are
// the same whatever the number of jobs (a document that exhausts a worker's heap fails at
// --jobs 1 as at --jobs 8, and the output does not depend on n) and the main thread stays
// free to write output, keep time and answer SIGINT/SIGTERM while a document runs.
//
// Each worker loads rules, tokenizer and division tables once and returns each document
// serialized. It says when it starts a document, so the pool always knows which document
// a worker is busy with: a document that runs past the time bound is given up (its worker
// is ended and replaced), a worker that dies (out of memory, a crash in the native
// tokenizer) costs the document it was running and no other — the documents queued behind
// it go to the replacement.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import type { RecordFormat } from '../export/writers.js';
import type { RuleFiles } from '../rules/compile.js';
import type { RuleError } from '../rules/load.js';
import { BUILTIN_RULES_DIR } from '../rules/paths.js';
import type { DocFile } from './discover.js';
import { unpackOutput, type DocOutput, type StoreRows } from './doc-output.js';
import { quiesce } from './native-guard.js';
import { startWorker, takePrestarted, workerSpec } from './prestart.js';
import type { Task, WorkerMessage } from './worker.js';

export interface Processor {
  /** the rules' inline examples, run where the documents will run */
  checkExamples(): Promise<RuleError[]>;
  /** `spare`: a buffer whose bytes are written out, for the document's output */
  run(file: DocFile, spare?: ArrayBuffer): Promise<DocOutput>;
  /** ends the workers at once; documents not finished come back as failed */
  close(): Promise<void>;
}

export interface Limits {
  /** a document still running after this long is given up (DOCUMENT_TIMEOUT) */
  timeoutMs: number;
  /** the old generation of each worker's heap, in MB: a document needing more is given up (OUT_OF_MEMORY) */
  heapMb: number;
}

/** The compiled worker of files over 2 MB (the pool's own is in prestart.ts; both are the built JavaScript, also under the tests). */
export const LARGE_WORKER_FILE = path.join(BUILTIN_RULES_DIR, '..', 'dist', 'run', 'large-worker.js');

/**
 * Documents handed to a worker at once: the second waits in the worker's queue, so a worker
 * that finishes one document starts the next at once instead of waiting for the main thread
 * (200 MB at --jobs 2: 9.8 s -> 9.2 s).
 */
const PER_WORKER = 2;

/** The time bound of running the rules' inline examples (they take about 0.1 s). */
const EXAMPLES_TIMEOUT_MS = 120_000;

/** A document that failed where it ran: no facts, one diagnostic. */
export function failedOutput(file: string, d: Diagnostic): DocOutput {
  return { doc: file, ok: false, diagnostics: [{ ...d, doc: file, stage: d.stage ?? 'extract' }], facts: '', factCount: 0, summary: null, headlines: [], unit: null };
}

/** Why a job did not come back from its worker. */
type Failure = { kind: 'timeout' } | { kind: 'oom' } | { kind: 'crash'; reason: string } | { kind: 'closed' };

interface Job {
  id: number;
  task: Task;
  /** the time bound of this job */
  timeoutMs: number;
  transfer: ArrayBuffer[];
  done(result: unknown): void;
  fail(f: Failure): void;
}

interface Slot {
  worker: Worker;
  /** shared with the worker: it is ended only outside native code (native-guard.ts) */
  flags: Int32Array;
  /** jobs sent to this worker, oldest first */
  jobs: Job[];
  /** the job the worker said it started */
  running: Job | null;
  timer: NodeJS.Timeout | null;
  ready: boolean;
  gone: boolean;
}

class Pool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** set when a worker could not even start: every job fails with this */
  private broken: string | null = null;
  /** workers lost in a row without any document finished in between */
  private losses = 0;

  constructor(private ruleFiles: RuleFiles, size: number, private limits: Limits) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  submit(task: Task, transfer: ArrayBuffer[], done: (result: unknown) => void, fail: (f: Failure) => void): void {
    // the rules' examples are many small documents: a bound of their own, whatever --timeout says
    const timeoutMs = task.kind === 'examples' ? Math.max(this.limits.timeoutMs, EXAMPLES_TIMEOUT_MS) : this.limits.timeoutMs;
    const job: Job = { id: this.nextId++, task, timeoutMs, transfer, done, fail };
    if (this.closed) return fail({ kind: 'closed' });
    if (this.broken) return fail({ kind: 'crash', reason: this.broken });
    this.queue.push(job);
    this.dispatch();
  }

  /** Starts a worker, or takes the one started ahead of the run (prestart.ts) and what it did meanwhile. */
  private spawn(): void {
    const spec = workerSpec(this.ruleFiles, this.limits.heapMb);
    const ahead = takePrestarted(spec);
    const { worker, flags } = ahead ?? startWorker(spec);
    const slot: Slot = { worker, flags, jobs: [], running: null, timer: null, ready: false, gone: false };
    const onMessage = (m: WorkerMessage) => this.onMessage(slot, m);
    const onError = (err: Error & { code?: string }) => this.lose(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'oom' } : { kind: 'crash', reason: err.message });
    const onExit = (code: number) => this.lose(slot, { kind: 'crash', reason: `the worker stopped (exit code ${code})` });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    this.slots.push(slot);
    for (const e of ahead?.events ?? []) {
      if (e.kind === 'message') onMessage(e.value as WorkerMessage);
      else if (e.kind === 'error') onError(e.value);
      else onExit(e.value);
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.gone && slot.jobs.length < PER_WORKER && this.queue.length) {
        const job = this.queue.shift()!;
        slot.jobs.push(job);
        slot.worker.postMessage({ ...job.task, id: job.id }, job.transfer);
      }
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (slot.gone) return;
    if (m.type === 'ready') {
      slot.ready = true;
      return;
    }
    const job = slot.jobs.find((j) => j.id === m.id);
    if (!job) return;
    if (m.type === 'start') {
      slot.running = job;
      slot.timer = setTimeout(() => this.giveUp(slot, job), job.timeoutMs);
      return;
    }
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.running = null;
    slot.jobs.splice(slot.jobs.indexOf(job), 1);
    this.losses = 0;
    this.dispatch();
    job.done(m.result);
  }

  /** A document over the time bound: its worker is ended and replaced. */
  private giveUp(slot: Slot, job: Job): void {
    if (slot.gone || slot.running !== job) return;
    this.retire(slot);
    void end(slot);
    job.fail({ kind: 'timeout' });
  }

  /** A worker died: the document it was running failed; the ones queued behind it go on elsewhere. */
  private lose(slot: Slot, why: Failure): void {
    if (slot.gone) return;
    const running = slot.running;
    if (!running && (!slot.ready || ++this.losses > 3) && !this.closed) {
      // it died loading the rules or the tokenizer (or keeps dying between documents): a replacement would too
      this.broken = why.kind === 'crash' ? why.reason : 'a worker ran out of memory while starting';
    }
    this.retire(slot);
    running?.fail(why);
  }

  /** Takes a slot out of service: its jobs not started go back to the queue, a replacement starts. */
  private retire(slot: Slot): void {
    slot.gone = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.slots.splice(this.slots.indexOf(slot), 1);
    const waiting = slot.jobs.filter((j) => j !== slot.running);
    for (const j of waiting) {
      // a buffer sent with the job went to the dead worker
      if ('spare' in j.task) delete j.task.spare;
      j.transfer = [];
    }
    this.queue.unshift(...waiting);
    if (this.closed) return;
    if (this.broken) {
      for (const j of this.queue.splice(0)) j.fail({ kind: 'crash', reason: this.broken });
      return;
    }
    this.spawn();
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    const left = [...this.queue.splice(0)];
    for (const slot of slots) {
      slot.gone = true;
      if (slot.timer) clearTimeout(slot.timer);
      left.push(...slot.jobs);
    }
    for (const j of left) j.fail({ kind: 'closed' });
    await Promise.all(slots.map(end));
  }
}

/** Ends a slot's worker once it is outside native code (native-guard.ts). */
async function end(slot: Slot): Promise<void> {
  await quiesce(slot.flags);
  await slot.worker.terminate();
}

function failureOf(file: string, f: Failure, limits: Limits): DocOutput {
  switch (f.kind) {
    case 'timeout': return failedOutput(file, { code: 'DOCUMENT_TIMEOUT', args: { seconds: limits.timeoutMs / 1000 } });
    case 'oom': return failedOutput(file, { code: 'OUT_OF_MEMORY', args: { mb: limits.heapMb } });
    case 'crash': return failedOutput(file, { code: 'INTERNAL_ERROR', args: { reason: `worker failed: ${f.reason}` } });
    case 'closed': return failedOutput(file, { code: 'INTERNAL_ERROR', args: { reason: 'the run was stopped' } });
  }
}

export function createProcessor(ruleFiles: RuleFiles, jobs: number, format: RecordFormat, limits: Limits, labels = false, store: StoreRows = 'none'): Processor {
  const pool = new Pool(ruleFiles, Math.max(1, jobs), limits);
  return {
    checkExamples: () =>
      new Promise((resolve) => {
        pool.submit({ kind: 'examples' }, [], (r) => resolve(r as RuleError[]), (f) => {
          const why = f.kind === 'timeout' ? `took longer than ${Math.max(limits.timeoutMs, EXAMPLES_TIMEOUT_MS) / 1000} s` : f.kind === 'oom' ? 'ran out of memory' : f.kind === 'crash' ? f.reason : 'the run was stopped';
          resolve([{ file: '(rules)', path: 'examples', message: `the rules' inline examples could not be run: ${why}` }]);
        });
      }),
    run: ({ doc, path }, spare) =>
      new Promise((resolve) => {
        const task: Task = { kind: 'file', file: doc, format, labels, spare };
        if (path !== doc) task.path = path;
        if (store !== 'none') task.store = store;
        pool.submit(task, spare ? [spare] : [], (r) => resolve(unpackOutput(r as Uint8Array)), (f) => resolve(failureOf(doc, f, limits)));
      }),
    close: () => pool.close(),
  };
}
