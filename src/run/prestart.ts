// The first worker of a run, started before the run's own modules load and its files are
// found, so the worker's start-up (its modules, the tokenizer's dictionary, the division
// tables: most of a one-report run) overlaps the main thread's. A run on the built-in rules
// starts it as the process starts (cli/early.ts), before the command line is parsed; a run
// with rules of its own as soon as they are validated. The pool (pool.ts) takes it as its
// first worker when it asks for the same rules and heap; what the worker said or did before
// that is kept and handed over with it, so the pool sees it as if it had started it itself.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RuleFiles } from '../rules/compile.js';
import { DEFAULT_HEAP_MB } from './limits.js';
import { BUILTIN_RULES_DIR } from '../rules/paths.js';
import { nativeFlags, quiesce, registerWorker, unregisterWorker } from './native-guard.js';
import type { WorkerRules } from './worker-context.js';

/** A worker's event before the pool took it: a message, an error or its exit. */
export type WorkerEvent = { kind: 'message'; value: unknown } | { kind: 'error'; value: Error } | { kind: 'exit'; value: number };

export interface Started {
  worker: Worker;
  /** shared with the worker (native-guard.ts) */
  flags: Int32Array;
  /** what the worker said or did before it was taken, in order */
  events: WorkerEvent[];
}

/** The compiled worker (the pool always runs the built JavaScript, also under the tests). */
const WORKER_FILE = path.join(BUILTIN_RULES_DIR, '..', 'dist', 'run', 'worker.js');

/**
 * A worker's heap. The old generation stays small (the live set is a few MB; a document of
 * 100,000 facts needs about 70 MB) and is capped (--max-memory, default 160 MB): it bounds
 * what one document may use. The young one is as large as the main thread's default: a
 * document's short-lived data dies there instead of being promoted (at 8 MB the collector's
 * background threads spent 1.4 s more per 200 MB; 48 MB keeps peak RSS of a two-worker run
 * near 360 MB). The old generation's default is DEFAULT_HEAP_MB (limits.ts).
 */
const YOUNG_MB = 48;

/** How a pool worker starts: its file, the rules it compiles, its heap (the old generation as the run says). */
export interface WorkerSpec {
  file: string;
  ruleFiles: WorkerRules;
  youngMb: number;
  heapMb: number;
}

/** The built-in rules as validated at build time (`verified`) go to a worker by name: it reads the snapshot. */
export function workerSpec(ruleFiles: RuleFiles, heapMb: number): WorkerSpec {
  return { file: WORKER_FILE, ruleFiles: ruleFiles.verified ? 'built-in' : ruleFiles, youngMb: YOUNG_MB, heapMb };
}

/** The worker of a run on the built-in rules with the default heap. */
export const BUILT_IN_SPEC: WorkerSpec = { file: WORKER_FILE, ruleFiles: 'built-in', youngMb: YOUNG_MB, heapMb: DEFAULT_HEAP_MB };

/** Starts a pool worker: registered with the native guard until it exits. */
export function startWorker(spec: WorkerSpec): { worker: Worker; flags: Int32Array } {
  const flags = nativeFlags();
  const worker = new Worker(spec.file, {
    workerData: { ruleFiles: spec.ruleFiles, flags },
    resourceLimits: { maxYoungGenerationSizeMb: spec.youngMb, maxOldGenerationSizeMb: spec.heapMb },
  });
  registerWorker(flags);
  worker.once('exit', () => unregisterWorker(flags));
  return { worker, flags };
}

let waiting: { spec: WorkerSpec; started: Started; detach: () => void } | null = null;

const sameSpec = (a: WorkerSpec, b: WorkerSpec) => a.file === b.file && a.ruleFiles === b.ruleFiles && a.youngMb === b.youngMb && a.heapMb === b.heapMb;

/**
 * Starts the first worker of a run now; the pool takes it if it asks for the same rules and
 * heap. One started earlier for another spec (a guess from the command line that turned out
 * wrong) is ended.
 */
export function prestartWorker(spec: WorkerSpec): void {
  if (waiting && sameSpec(waiting.spec, spec)) return;
  void dropPrestarted();
  const { worker, flags } = startWorker(spec);
  const events: WorkerEvent[] = [];
  const onMessage = (value: unknown) => events.push({ kind: 'message', value });
  const onError = (value: Error) => events.push({ kind: 'error', value });
  const onExit = (value: number) => events.push({ kind: 'exit', value });
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  const detach = () => {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
  };
  waiting = { spec, started: { worker, flags, events }, detach };
}

/** The worker started ahead, if it was started for this spec; it is the caller's from now on. */
export function takePrestarted(spec: WorkerSpec): Started | null {
  const w = waiting;
  if (!w || !sameSpec(w.spec, spec)) return null;
  waiting = null;
  w.detach();
  return w.started;
}

/** Ends the worker started ahead if no pool took it (the run ended before it needed one). */
export async function dropPrestarted(): Promise<void> {
  const w = waiting;
  if (!w) return;
  waiting = null;
  w.detach();
  await quiesce(w.started.flags);
  await w.started.worker.terminate();
}
