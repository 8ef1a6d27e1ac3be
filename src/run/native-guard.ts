// Ending a worker thread safely. worker.terminate() stops the thread's JavaScript wherever
// it is; if it is inside nodejieba's native code at that moment, the add-on's next call into
// Node fails, it throws a C++ exception nobody catches, and the whole process aborts (exit
// 134) — the run, not the one document. So the worker marks the native calls it makes, and
// the main thread ends it only outside them: it raises STOP, waits for the worker to leave
// native code (a few milliseconds at most: one cut() of a sentence), and then terminates it.
// A worker that sees STOP before a native call does not make the call; it waits, in
// JavaScript, to be ended.
//
// Two flags in shared memory per worker, written with sequentially consistent atomics: the
// worker sets IN_NATIVE and then reads STOP; the main thread sets STOP and then reads
// IN_NATIVE. Whichever comes second sees the other's write, so they never both go ahead.

const IN_NATIVE = 0;
const STOP = 1;

/** The shared flags of one worker (main thread side: create one per worker, pass it in workerData). */
export function nativeFlags(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

/** Flags of every live worker of this process: what haltWorkersSync stops. */
const live = new Set<Int32Array>();

export function registerWorker(flags: Int32Array): void {
  live.add(flags);
}

export function unregisterWorker(flags: Int32Array): void {
  live.delete(flags);
}

/**
 * Stops the worker from entering native code and resolves once it is outside it (or after
 * `maxMs`, a safety net for a native call that never returns): terminate() is safe then.
 */
export async function quiesce(flags: Int32Array, maxMs = 5000): Promise<void> {
  Atomics.store(flags, STOP, 1);
  const deadline = Date.now() + maxMs;
  while (Atomics.load(flags, IN_NATIVE) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
}

/**
 * The same for every live worker, blocking: for a process.exit() (a second Ctrl-C, a full
 * standard output), which ends all threads at once.
 */
export function haltWorkersSync(maxMs = 2000): void {
  for (const f of live) Atomics.store(f, STOP, 1);
  const deadline = Date.now() + maxMs;
  for (const f of live) {
    while (Atomics.load(f, IN_NATIVE) !== 0 && Date.now() < deadline) Atomics.wait(f, IN_NATIVE, 1, 10);
  }
}

/** The native add-ons a worker calls (nodejieba: the tokenizer). */
const NATIVE_MODULES = ['nodejieba'];

/**
 * Worker side, before anything loads them: guards every function of the native add-ons
 * (guardNativeModule). The wrappers replace the module's own functions, so every caller of
 * the module (tokenize/jieba.ts) goes through them.
 */
export function guardNative(require: NodeJS.Require, flags: Int32Array): void {
  for (const name of NATIVE_MODULES) guardNativeModule(require(name) as Record<string, unknown>, flags);
}

/** Wraps each function of a module so each call is marked, and none starts once the main thread asked to stop. */
export function guardNativeModule(mod: Record<string, unknown>, flags: Int32Array): void {
  for (const name of Object.keys(mod)) {
    const f = mod[name];
    if (typeof f !== 'function') continue;
    mod[name] = function guarded(this: unknown, ...args: unknown[]) {
      Atomics.store(flags, IN_NATIVE, 1);
      if (Atomics.load(flags, STOP) !== 0) {
        Atomics.store(flags, IN_NATIVE, 0);
        Atomics.notify(flags, IN_NATIVE);
        // about to be ended: wait for it here, in JavaScript, where ending is safe
        for (;;) Atomics.wait(flags, STOP, 1, 50);
      }
      try {
        return (f as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        Atomics.store(flags, IN_NATIVE, 0);
        Atomics.notify(flags, IN_NATIVE);
      }
    };
  }
}
