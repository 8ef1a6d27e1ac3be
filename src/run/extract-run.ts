// The extract job: discover files, run them through the pipeline on worker threads, and
// stream facts and summary rows out in input order as documents finish. One bad file never
// stops the run; no document can hold it up past the time bound; output files (and the
// --errors file) are written whole or not at all.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { severityOf, type Diagnostic } from '../diagnostics.js';
import type { PipelineContext } from '../pipeline.js';
import type { DocOutput, StoreRows } from './doc-output.js';
import { AtomicFile, type Chunk, type Format, type RawSink, type RecordFormat } from '../export/writers.js';
import { parseRows } from '../store/columns.js';
import type { DocWriter, FileStat, Reason, StoreRun } from '../store/run-store.js';
import { discover, discoveryScope, type DocFile } from './discover.js';
import { exportStore } from './export-store.js';
import { LARGE_FILE_BYTES } from './limits.js';
import { nativeFlags, quiesce, registerWorker, unregisterWorker } from './native-guard.js';
import { factFormat, openOutputs, type RunOutputs } from './outputs.js';
import { createProcessor, failedOutput, LARGE_WORKER_FILE } from './pool.js';
import { inShard, type Shard } from './shard.js';
import type { RuleFiles } from '../rules/compile.js';
import type { RuleError } from '../rules/load.js';

export interface ExtractOptions {
  paths: string[];
  format: Format;
  out?: string;
  glob?: string;
  bom?: boolean;
  /** --labels zh: Chinese column headers, metric names and coded values */
  labels?: boolean;
  /** where standard input was saved, for the path `-` (the document is named -) */
  stdinFile?: string;
  /** worker threads */
  jobs: number;
  /** start no more workers than the input is worth (workersFor), when --jobs was not given */
  fitJobs?: boolean;
  /** --errors: every skipped or failed file as JSON Lines, written whole or not at all */
  errors?: string;
  /** a document (or one part of a file over 2 MB) still running after this long is given up */
  timeoutMs: number;
  /** the heap (old generation, MB) of each worker; a file over 2 MB gets at least LARGE_HEAP_MB */
  heapMb: number;
  /** called once per document, in input order */
  onDocument?: (r: DocOutput, index: number, total: number) => void;
  onDiagnostic: (d: Diagnostic) => void;
  /** polled while the run waits: stop early (SIGINT/SIGTERM) */
  shouldStop?: () => boolean;
  /** --store: keep the documents in this store and extract only what is not stored as it is */
  store?: StoreOptions;
  /** --shard i/n: only the files of this shard (shard.ts) */
  shard?: Shard;
}

export interface StoreOptions {
  file: string;
  /** --prune: remove stored documents whose files are gone */
  prune: boolean;
  /** how long to wait for another run on the same store */
  waitMs: number;
  /** the --rules folders (their files are part of the rules version) */
  rulesDirs: string[];
  /** the command line, for the store's log */
  args: string[];
}

export interface ExtractSummary {
  /** the rules' inline examples failed: nothing was read */
  ruleErrors?: RuleError[];
  files: number;
  read: number;
  failed: number;
  facts: number;
  stopped: boolean;
  written: string[];
  /** with --store: files not extracted, being stored as they are */
  unchanged: number;
  /** with --store: stored documents under the paths given whose files are gone */
  missing: number;
  /** with --store --prune: missing documents removed */
  pruned: number;
}

class Interrupted extends Error {
  override name = 'Interrupted';
}

/**
 * How many documents may be in flight per job, and how many bytes of them in all: output is
 * written in input order, so one slow document holds back the ones after it; a deep window
 * keeps the other workers busy meanwhile, the byte cap keeps memory bounded.
 */
const WINDOW_PER_JOB = 16;
const WINDOW_BYTES = 16 * 1024 * 1024;
/** worker output buffers larger than this are left to the collector rather than kept for reuse */
const SPARE_MAX = 2 * 1024 * 1024;
/** The heap (old generation, MB) of a giant file's worker at least: a chunk's data, whatever the file's size. */
export const LARGE_HEAP_MB = 256;
/** how often a wait looks at shouldStop */
const STOP_POLL_MS = 50;

const STOPPED = Symbol('stopped');

/** Waits for `p`, or until shouldStop() says to stop (a signal arrived meanwhile). */
async function untilStopped<T>(p: Promise<T>, shouldStop?: () => boolean): Promise<T | typeof STOPPED> {
  if (!shouldStop) return p;
  if (shouldStop()) return STOPPED;
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<typeof STOPPED>((resolve) => {
    timer = setInterval(() => {
      if (shouldStop()) resolve(STOPPED);
    }, STOP_POLL_MS);
  });
  try {
    return await Promise.race([p, stop]);
  } finally {
    clearInterval(timer);
  }
}

/** The --errors line of a skipped or failed file. */
const errorLine = (d: Diagnostic) => JSON.stringify({ doc: d.doc, stage: d.stage, code: d.code, ...d.args }) + '\n';

export async function extractRun(ctx: PipelineContext, opts: ExtractOptions, stdout: RawSink): Promise<ExtractSummary> {
  // the --errors file is opened first: a folder that is missing or not writable stops the
  // run before any document is read, not after all of them
  const errorsFile = opts.errors ? new AtomicFile(opts.errors) : null;
  let store: StoreRun | null = null;
  if (opts.store) {
    // loaded only for --store: a plain run never loads SQLite
    try {
      const { StoreRun } = await import('../store/run-store.js');
      const { rulesVersion } = await import('../store/version.js');
      store = StoreRun.open({
        file: opts.store.file,
        waitMs: opts.store.waitMs,
        rules: rulesVersion(opts.store.rulesDirs),
        metrics: ctx.rules.metrics.map(({ id, unit, label, family, description }) => ({ id, unit, label, family, description })),
        labels: ctx.rules.labels,
        args: opts.store.args,
      });
    } catch (err) {
      errorsFile?.abort();
      throw err;
    }
  }
  try {
    return await runFiles(ctx, opts, stdout, errorsFile, store);
  } finally {
    store?.close();
  }
}

/** A file to extract, and with --store why and what it looked like. */
interface Todo {
  file: DocFile;
  reason?: Reason;
  stat?: FileStat | null;
  /** the stored row of the same file under another name */
  replaces?: number;
}

/**
 * Input worth one more worker: a worker costs about 0.3 CPU-seconds to start (its modules and
 * the tokenizer's dictionary), which the documents of a small run (a few new reports of a
 * weekly job, at 30-50 KB each) do not repay: they run on one worker, and a second one starts
 * only for about this much more input.
 */
const BYTES_PER_WORKER = 1.5 * 1024 * 1024;

/** How many workers a run's input is worth: one per BYTES_PER_WORKER, at most --jobs and the number of files. */
function workersFor(todo: Todo[], jobs: number): number {
  let bytes = 0;
  for (const t of todo) {
    bytes += fileSize(t.file);
    if (bytes > jobs * BYTES_PER_WORKER) break;
  }
  return Math.max(1, Math.min(jobs, todo.length, 1 + Math.floor(bytes / BYTES_PER_WORKER)));
}

/** Where the facts go when --store and --out are given: the tables are exported from the store at the end. */
const NOWHERE: RawSink = { synchronous: true, write: () => true };

async function runFiles(ctx: PipelineContext, opts: ExtractOptions, stdout: RawSink, errorsFile: AtomicFile | null, store: StoreRun | null): Promise<ExtractSummary> {
  const roots = opts.paths.filter((p) => p !== '-');
  const found = discover(roots, opts.glob);
  // standard input: one document named -, where it stands among the paths (first or last)
  if (opts.stdinFile && opts.paths.includes('-')) {
    const doc: DocFile = { doc: '-', path: opts.stdinFile };
    if (opts.paths[0] === '-') found.files.unshift(doc);
    else found.files.push(doc);
  }
  if (opts.shard) found.files = found.files.filter((f) => inShard(f.doc, opts.shard!));
  // with a store, only what is not stored as it is now goes to the workers
  const plan = store?.plan(found.files) ?? null;
  const todo: Todo[] = plan ? plan.extract.map((x) => ({ file: found.files[x.index]!, reason: x.reason, stat: x.stat, replaces: x.replaces })) : found.files.map((file) => ({ file }));
  const total = todo.length;
  const unchanged = plan?.unchanged ?? 0;
  // with --store and --out the folder gets the store's tables at the end; meanwhile nothing is written
  const later = store !== null && opts.out !== undefined;
  const workerFormat: RecordFormat = factFormat(opts.format);
  const workerLabels = opts.labels === true && opts.format !== 'xlsx';
  // with a store the workers hand over the store's rows too (or only them, when nothing is written meanwhile)
  const storeRows: StoreRows = !store ? 'none' : later ? 'rows' : 'both';
  // nothing new for a store: no worker is started (the rules are those already checked)
  const processor = store && total === 0 ? null : createProcessor(ctx.rules.input, opts.fitJobs ? workersFor(todo, opts.jobs) : Math.min(opts.jobs, Math.max(1, total)), workerFormat, { timeoutMs: opts.timeoutMs, heapMb: opts.heapMb }, workerLabels, storeRows);
  // the rules' examples run on a worker while the first documents run on the others; no
  // output is opened (let alone written) before they have passed. The built-in rules of the
  // snapshot passed theirs at build time (rules/snapshot.ts): they are not run again
  const examples = processor && !ctx.rules.verified ? processor.checkExamples() : Promise.resolve([]);
  const window = opts.jobs * WINDOW_PER_JOB;
  // a giant file is not sent to the pool: it is read in chunks when its turn comes
  const pending = new Map<number, Promise<DocOutput> | 'large'>();
  const sizes = new Map<number, number>();
  let pendingBytes = 0;
  /** output buffers of worker threads, written out and free to go back for another document */
  const spares: ArrayBuffer[] = [];
  let next = 0;
  const fill = () => {
    while (processor && next < total && pending.size < window && (pending.size === 0 || pendingBytes < WINDOW_BYTES) && !opts.shouldStop?.()) {
      const i = next++;
      const size = fileSize(todo[i]!.file);
      if (size > LARGE_FILE_BYTES) pending.set(i, 'large');
      else {
        pending.set(i, processor.run(todo[i]!.file, spares.pop()));
        sizes.set(i, size);
        pendingBytes += size;
      }
    }
  };
  // ends the workers first (documents still running come back as failed at once), then waits for every promise
  const shutDown = async () => {
    await processor?.close();
    await Promise.allSettled([...pending.values()].filter((p) => p !== 'large'));
  };
  fill();
  const ruleErrors = await untilStopped(examples, opts.shouldStop);
  const summary: ExtractSummary = { files: found.files.length, read: 0, failed: 0, facts: 0, stopped: false, written: [], unchanged, missing: 0, pruned: 0 };
  if (ruleErrors === STOPPED || ruleErrors.length) {
    await shutDown();
    errorsFile?.abort();
    const stopped = ruleErrors === STOPPED;
    if (stopped) store?.stop('interrupted');
    return { ...summary, stopped, ...(stopped ? {} : { ruleErrors }) };
  }
  let outputs: RunOutputs;
  try {
    outputs = openOutputs(
      ctx.rules,
      { format: later ? 'jsonl' : opts.format, out: store ? undefined : opts.out, bom: opts.bom, labels: later ? false : opts.labels },
      later ? NOWHERE : stdout,
      errorsFile ?? undefined,
    );
  } catch (err) {
    errorsFile?.abort();
    await shutDown();
    throw err;
  }
  const report = (d: Diagnostic) => {
    if (errorsFile && severityOf(d) === 'error') errorsFile.write(errorLine(d));
    opts.onDiagnostic(d);
  };
  for (const d of found.diagnostics) report(d);
  for (const d of store?.notices ?? []) report(d);
  for (const d of plan?.notices ?? []) report(d);
  let writer: DocWriter | null = null;
  try {
    for (let i = 0; i < total; i++) {
      if (opts.shouldStop?.()) throw new Interrupted();
      fill();
      const job = pending.get(i)!;
      pending.delete(i);
      pendingBytes -= sizes.get(i) ?? 0;
      sizes.delete(i);
      writer = store ? store.writer(todo[i]!.file, todo[i]!.stat ?? null, todo[i]!.reason ?? 'new', todo[i]!.replaces) : null;
      let r: DocOutput;
      let chunk: Chunk;
      if (job === 'large') {
        const giant = runLargeFile(todo[i]!.file, workerFormat, workerLabels, ctx.rules.input, opts.timeoutMs, Math.max(LARGE_HEAP_MB, opts.heapMb), opts.shouldStop, storeRows);
        try {
          let piece = await giant.next();
          while (!piece.done) {
            if (writer && piece.value.rows) writer.facts(parseRows(piece.value.rows));
            outputs.facts(piece.value.chunk, piece.value.count);
            await outputs.drained();
            piece = await giant.next();
          }
          // (it returns at once when a signal arrives)
          if (opts.shouldStop?.()) throw new Interrupted();
          r = piece.value;
        } finally {
          await giant.return(undefined as never);
        }
        chunk = r.facts;
      } else {
        const done = await untilStopped(job, opts.shouldStop);
        if (done === STOPPED) throw new Interrupted();
        r = done;
        chunk = r.facts;
        if (writer && r.factCount && r.rows) writer.facts(parseRows(typeof r.rows === 'string' ? r.rows : Buffer.from(r.rows.buffer, r.rows.byteOffset, r.rows.byteLength).toString('utf8')));
      }
      for (const d of r.diagnostics) report(d);
      if (r.ok) summary.read++;
      else summary.failed++;
      const written = outputs.facts(chunk, r.factCount);
      // a worker's buffer, written out: it goes back with a later document
      if (written && typeof r.facts !== 'string' && r.facts.buffer.byteLength <= SPARE_MAX && spares.length < window) spares.push(r.facts.buffer as ArrayBuffer);
      summary.facts += r.factCount;
      outputs.doc(r);
      // the document's rows in the store, in one transaction
      writer?.done(r);
      writer = null;
      await outputs.drained();
      // let signals (SIGINT/SIGTERM) in between documents even when every step was synchronous
      if (i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
      opts.onDocument?.(r, i, total);
    }
    if (summary.read + unchanged === 0) {
      // nothing could be read: the run did not do its job, and last run's files stay as they were
      outputs.abort();
      store?.stop('failed');
    } else {
      if (store) {
        const unreadable = found.diagnostics.filter((d) => d.stage === 'discover' && d.code === 'READ_FAILED' && d.doc !== undefined).map((d) => d.doc!);
        const scope = discoveryScope(roots, opts.glob, unreadable);
        const shard = opts.shard;
        const end = store.finish({
          inScope: (doc) => scope(doc) && (!shard || inShard(doc, shard)),
          found: new Set(found.files.map((f) => f.doc)),
          prune: opts.store?.prune ?? false,
          failed: summary.failed,
        });
        summary.missing = end.missing;
        summary.pruned = end.pruned;
        for (const d of end.notices) report(d);
      }
      // every file safe on disk before any takes its name: a full disk shows before anything is replaced
      await outputs.finish();
      summary.written.push(...outputs.publish());
      if (later) {
        const exported = await exportStore(opts.store!.file, { format: opts.format, out: opts.out, bom: opts.bom, labels: opts.labels }, stdout);
        summary.written.push(...exported.written);
      }
    }
  } catch (err) {
    writer?.abort();
    outputs.abort();
    if (!(err instanceof Interrupted)) {
      await shutDown();
      throw err;
    }
    store?.stop('interrupted');
    summary.stopped = true;
  }
  await shutDown();
  return summary;
}

function fileSize(file: DocFile): number {
  try {
    return statSync(file.path).size;
  } catch {
    return 0; // the worker reports what is wrong with it
  }
}

type Piece = { chunk: string; count: number; at: number; rows?: string };

/**
 * Runs one giant file in a worker of its own with a capped heap, chunk by chunk. Each chunk
 * has the time bound of a whole document; past it the file is given up where it stands
 * (the facts of the chunks before are written already, and the diagnostic says so).
 */
async function* runLargeFile(
  file: DocFile,
  format: RecordFormat,
  labels: boolean,
  ruleFiles: RuleFiles,
  timeoutMs: number,
  heapMb: number,
  shouldStop?: () => boolean,
  store: StoreRows = 'none',
): AsyncGenerator<Piece, DocOutput> {
  const flags = nativeFlags();
  const worker = new Worker(LARGE_WORKER_FILE, {
    workerData: { file: file.doc, path: file.path === file.doc ? undefined : file.path, format, labels, ruleFiles, flags, store },
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 },
  });
  registerWorker(flags);
  const inbox: Array<Piece | { done: DocOutput } | { error: Error & { code?: string } }> = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof inbox)[number]) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', (m: Piece | { done: DocOutput }) => push(m));
  worker.on('error', (error) => push({ error }));
  worker.on('exit', (code) => push({ error: new Error(`worker exited with code ${code}`) }));
  let facts = 0;
  let at = 0;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      let late = false;
      // a signal is noticed while a chunk runs, not after it
      const poll = shouldStop ? setInterval(() => shouldStop() && wake?.(), STOP_POLL_MS) : undefined;
      while (!inbox.length && !late && !shouldStop?.()) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer ??= setTimeout(() => {
            late = true;
            resolve();
          }, timeoutMs);
        });
      }
      clearTimeout(timer);
      clearInterval(poll);
      wake = null;
      if (!inbox.length && !late) return failedOutput(file.doc, { code: 'INTERNAL_ERROR', args: { reason: 'the run was stopped' }, stage: 'extract' });
      if (late) {
        return failedOutput(file.doc, { code: 'DOCUMENT_TIMEOUT', args: { seconds: timeoutMs / 1000, at, facts_written: facts }, stage: 'extract' });
      }
      const m = inbox.shift()!;
      if ('error' in m) {
        if (m.error.code === 'ERR_WORKER_OUT_OF_MEMORY') return failedOutput(file.doc, { code: 'OUT_OF_MEMORY', args: { mb: heapMb }, stage: 'extract' });
        return failedOutput(file.doc, { code: 'INTERNAL_ERROR', args: { reason: `giant file worker failed: ${m.error.message}` }, stage: 'extract' });
      }
      if ('done' in m) return m.done;
      facts += m.count;
      at = m.at;
      yield m;
      worker.postMessage('next');
    }
  } finally {
    worker.removeAllListeners();
    // ended only outside native code (native-guard.ts)
    await quiesce(flags);
    await worker.terminate();
    unregisterWorker(flags);
  }
}
