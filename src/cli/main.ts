// The command line: commander only. run(argv, io) returns the exit code; only
// bin/lawreport.js touches process.exitCode.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { severityOf } from '../diagnostics.js';
import { FORMATS, type Format } from '../export/writers.js';
import { DEFAULT_HEAP_MB, DEFAULT_TIMEOUT_S } from '../run/limits.js';
// Only what every command needs is loaded up front; each command loads its own modules when
// it runs (a one-file extract must not pay for the YAML parser, the schemas, the report or
// the store): these are types only.
import type { EvalOptions } from './eval.js';
import type { ReportOptions } from './report.js';
import { loadSetup, runSetup } from './setup-loader.js';
import { stdinDocument, type StdinDocument } from '../run/stdin.js';
import { describeErrno, formatDiagnostic, formatRuleError, formatStoreProblem, printable, type StoreProblem } from './messages.js';
import { parseShard, type Shard } from '../run/shard.js';

export interface IO {
  stdout: { write(s: string | Uint8Array): unknown };
  stderr: { write(s: string): unknown };
  /** stderr is a terminal (progress bar) */
  stderrIsTTY?: boolean;
  /** stdout is a terminal (colour in explain) */
  stdoutIsTTY?: boolean;
  /** set by the caller on SIGINT/SIGTERM */
  signal?: { stopped: NodeJS.Signals | null };
  /** all of standard input (for the path -) */
  readStdin?: () => Uint8Array;
}

export const EXIT = { OK: 0, SOME_FAILED: 1, USAGE: 2, SIGINT: 130, SIGTERM: 143 } as const;

const collect = (v: string, prev: string[]) => [...prev, v];

function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('a whole number from 1 to 256');
  return n;
}

/** The default time bound of one document (a 2 MB report takes well under a second). */
export { DEFAULT_TIMEOUT_S };

function parseSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86400) throw new InvalidArgumentError('a number of seconds above 0 (at most 86400)');
  return n;
}

function parseMegabytes(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 16 || n > 65536) throw new InvalidArgumentError('a whole number of megabytes from 16 to 65536');
  return n;
}

/** How long a run waits for another run on the same store, by default. */
export const DEFAULT_WAIT_S = 5;

function parseWait(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86400) throw new InvalidArgumentError('a number of seconds from 0 to 86400');
  return n;
}

function parseShardOption(v: string): Shard {
  const s = parseShard(v);
  if (!s) throw new InvalidArgumentError('i/n with 1 <= i <= n, such as 1/4 (shards are numbered from 1: add 1 to a 0-based job index)');
  return s;
}

/** A StoreError (src/store/db.ts), known by its name so that this module need not load the store. */
const isStoreProblem = (err: unknown): err is StoreProblem => (err as Error | null)?.name === 'StoreError';

/** An error writing output files (a full disk, a folder that cannot be written), as one line; else null. */
function outputProblem(err: unknown, out?: string): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!e.code) return null;
  return printable(`lawreport: ${e.path ?? out ?? 'output'}: cannot write output: ${describeErrno(e.code)} (${e.code})`);
}

function parseF1(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('a number, such as 0.9 (F1 runs from 0 to 1)');
  return n;
}

/** What is wrong with asking for this output, if anything (extract and export alike). */
function requestProblem(format: Format, out: string | undefined, labels: string | undefined, stdoutIsTTY: boolean | undefined): string | null {
  if (labels && (format === 'json' || format === 'jsonl')) return `--labels is for tables people read (csv, xlsx); ${format} keeps field names and metric ids`;
  if (format === 'xlsx' && !out && stdoutIsTTY) return '-f xlsx writes a binary workbook: give -o <folder>, or redirect standard output to a file';
  return null;
}

/**
 * The one line of a run that could not finish: the store could not be used (another run holds
 * it, a full or read-only disk; what is committed stays consistent) or the output could not be
 * written (missing folder rights, a full disk; nothing partial is left). Anything else is a bug
 * and is thrown on.
 */
function runProblem(err: unknown, out: string | undefined): string {
  if (isStoreProblem(err)) return formatStoreProblem(err);
  const problem = outputProblem(err, out);
  if (!problem) throw err;
  return problem;
}

export async function run(argv: string[], io: IO): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command('lawreport')
    .description('Extract normalized figures (cases mediated, success rates, contracts reviewed, amounts, legal aid, petitions, ...) from Chinese rule-of-law government reports, as CSV or JSON.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('extract')
    .description('extract facts from report files or folders (folders are searched recursively for *.txt, *.html, *.htm)')
    .argument('<paths...>', 'report files or folders; - reads one document from standard input')
    .addOption(new Option('-f, --format <format>', 'output format; xlsx writes one workbook with a sheet per table').choices(FORMATS).default('csv'))
    .option('-o, --out <dir>', 'write facts, summary, metrics (headline values) and units (one row per unit and year) as <table>.<ext>, or lawreport.xlsx, into this folder (created if missing) instead of printing facts')
    .option('--glob <pattern>', 'file pattern used inside folders', undefined)
    .option('--rules <dir>', 'extra rule folder (repeatable), loaded beside the built-in rules', collect, [])
    .option('--errors <file>', 'also write every skipped or failed file as JSON Lines to this file')
    .option('--strict', 'exit 1 when any file could not be read')
    .option('--bom', 'start CSV with a UTF-8 byte order mark, so Excel and WPS read the Chinese (default: with --out, not on standard output)')
    .option('--no-bom', 'no byte order mark, also with --out')
    .addOption(new Option('--labels <language>', 'column headers, metric names and coded values in this language (csv and xlsx)').choices(['zh']))
    .option('-j, --jobs <n>', 'worker threads, at most; without it, as many as the cores but no more than the input is worth (one per 1.5 MB); output is identical whatever n is', parseJobs, defaultJobs())
    .option('-q, --quiet', 'no progress bar and no info lines on stderr')
    .option('-v, --verbose', 'the closing line (files read, skipped, facts, files written) also when stderr is not a terminal, for the logs of scheduled jobs')
    .option('--timeout <seconds>', 'give up a document (or one part of a file over 2 MB) still running after this long; the run goes on', parseSeconds, DEFAULT_TIMEOUT_S)
    .option('--max-memory <MB>', 'heap of each worker thread: a document that needs more is given up; the run goes on', parseMegabytes, DEFAULT_HEAP_MB)
    .option('--store <file>', 'keep documents, facts and tables in this SQLite store, and extract only files that are new or changed since it last saw them; with -o the folder gets all of the store\'s tables, else the facts of the files extracted go to standard output')
    .option('--prune', 'with --store: remove stored documents whose files are gone (by default they are kept, marked missing, and left out of the tables)')
    .option('--shard <i/n>', 'only shard i of n (1 <= i <= n) of the files found, chosen by a hash of their path: n machines, each with a store of its own, share a corpus (lawreport store merge joins the stores)', parseShardOption)
    .option('--wait <seconds>', 'with --store: how long to wait for another run on the same store before giving up', parseWait, DEFAULT_WAIT_S)
    .addHelpText('after', `
Examples:
  $ lawreport extract ./reports                      facts as CSV on stdout
  $ lawreport extract ./reports -f jsonl | jq .value  pipe JSON Lines into another tool
  $ lawreport extract ./reports -o out/               out/facts.csv, summary.csv, metrics.csv, units.csv
  $ lawreport extract ./reports -f xlsx -o out/      out/lawreport.xlsx, a sheet per table
  $ lawreport extract ./reports --bom > facts.csv    CSV that Excel and WPS open as it is
  $ curl -s https://…/report.html | lawreport extract -   one document from standard input
  $ lawreport extract a.txt b.html --rules my-rules/ add your own metric rules
  $ lawreport extract ./reports --store reports.db -o out/   only new files extracted; out/ has every table

Exit codes: 0 files were read; 1 some files failed (only with --strict);
2 bad arguments or rules, or nothing could be read; 130/143 interrupted.`)
    .action(async (paths: string[], o: { format: Format; out?: string; glob?: string; rules: string[]; errors?: string; strict?: boolean; bom?: boolean; labels?: 'zh'; quiet?: boolean; verbose?: boolean; jobs: number; timeout: number; maxMemory: number; store?: string; prune?: boolean; shard?: Shard; wait: number }, cmd: Command) => {
      if (o.store && paths.includes('-')) {
        io.stderr.write('lawreport: --store keeps documents by their file path, and standard input (-) has none: save it to a file first\n');
        code = EXIT.USAGE;
        return;
      }
      if (o.prune && !o.store) {
        io.stderr.write('lawreport: --prune removes missing documents from a store: give --store <file>\n');
        code = EXIT.USAGE;
        return;
      }
      const problem = requestProblem(o.format, o.out, o.labels, io.stdoutIsTTY);
      if (problem) {
        io.stderr.write(`lawreport: ${problem}\n`);
        code = EXIT.USAGE;
        return;
      }
      let stdin: StdinDocument | null = null;
      if (paths.includes('-')) {
        try {
          stdin = stdinDocument(io.readStdin ? io.readStdin() : new Uint8Array(0));
        } catch (err) {
          io.stderr.write(printable(`lawreport: -: cannot read standard input: ${(err as Error).message}`) + '\n');
          code = EXIT.USAGE;
          return;
        }
      }
      // the tokenizer and the examples are loaded where documents run (here or in the workers)
      const s = await runSetup(o.rules);
      if (!s.ok) {
        for (const e of s.errors) io.stderr.write(formatRuleError(e) + '\n');
        code = EXIT.USAGE;
        return;
      }
      // the first worker starts now, while the run's modules load and its files are found (a
      // store run first finds out whether there is anything new to extract)
      const ahead = o.store ? null : await import('../run/prestart.js');
      ahead?.prestartWorker(ahead.workerSpec(s.ctx.rules.input, o.maxMemory));
      let failures = 0;
      const progress = io.stderrIsTTY && !o.quiet ? new Progress(io) : null;
      let summary;
      try {
        const { extractRun } = await import('../run/extract-run.js');
        summary = await extractRun(s.ctx, {
          paths,
          format: o.format,
          out: o.out,
          jobs: o.jobs,
          // --jobs as given is a ceiling the run keeps to; the default only fits the workers to the input
          fitJobs: cmd.getOptionValueSource('jobs') !== 'cli',
          glob: o.glob,
          errors: o.errors,
          timeoutMs: o.timeout * 1000,
          heapMb: o.maxMemory,
          bom: o.bom ?? Boolean(o.out),
          labels: o.labels === 'zh',
          stdinFile: stdin?.path,
          onDiagnostic: (d) => {
            const sev = severityOf(d);
            if (sev === 'error') failures++;
            if (sev === 'info' && o.quiet) return;
            progress?.clear();
            io.stderr.write(formatDiagnostic(d) + '\n');
          },
          onDocument: (_r, i, total) => progress?.tick(i + 1, total),
          shouldStop: () => io.signal?.stopped != null,
          store: o.store ? { file: o.store, prune: o.prune ?? false, waitMs: o.wait * 1000, rulesDirs: o.rules, args: argv } : undefined,
          shard: o.shard,
        }, io.stdout);
      } catch (err) {
        stdin?.remove();
        progress?.clear();
        io.stderr.write(runProblem(err, o.out) + '\n');
        code = EXIT.USAGE;
        return;
      } finally {
        // the run ended before it needed a worker: the one started ahead is ended
        await ahead?.dropPrestarted();
      }
      progress?.clear();
      stdin?.remove();
      if (summary.ruleErrors) {
        for (const e of summary.ruleErrors) io.stderr.write(formatRuleError(e) + '\n');
        code = EXIT.USAGE;
        return;
      }
      if (summary.stopped) {
        const done = summary.read + summary.failed;
        io.stderr.write(o.store
          ? printable(`lawreport: interrupted after ${done} of ${summary.files - summary.unchanged} files to extract; ${o.store} keeps the ${done} done, and the next run goes on from there; no partial output files were left`) + '\n'
          : `lawreport: interrupted after ${done} of ${summary.files} files; no partial output files were left\n`);
        code = io.signal?.stopped === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
        return;
      }
      // the closing line only on a terminal: a pipe or a scheduled job stays quiet unless something went wrong
      if (!o.quiet && (io.stderrIsTTY || o.verbose)) {
        const written = summary.written.length ? ` -> ${summary.written.join(', ')}` : '';
        io.stderr.write(o.store
          ? printable(`lawreport: ${o.store}: ${summary.files} files: ${summary.read + summary.failed} extracted (${summary.failed} skipped), ${summary.unchanged} unchanged, ${summary.missing} missing${summary.pruned ? ` (${summary.pruned} pruned)` : ''}; ${summary.facts} facts${written}`) + '\n'
          : `lawreport: ${summary.read} of ${summary.files} files read, ${summary.failed} skipped, ${summary.facts} facts${written}\n`);
      }
      if (summary.files === 0 && failures === 0) io.stderr.write('lawreport: no report files found (looked for *.txt, *.html, *.htm)\n');
      if (summary.read + summary.unchanged === 0) code = EXIT.USAGE;
      else if (o.strict && failures) code = EXIT.SOME_FAILED;
    });

  program
    .command('eval')
    .description('score the extractor against gold facts: precision, recall and F1 overall, per family and per metric, with each miss and spurious fact beside its sentence and rule')
    .argument('<paths...>', 'the report files or folders the gold describes (gold documents not among them are not scored)')
    .requiredOption('--gold <file>', 'gold facts, JSON Lines (doc, metric, value, ...)')
    .option('--meta <file>', 'gold metadata TSV (doc, province, city, district, street, year, period; | separates alternatives, a trailing ? accepts an empty answer) to score alongside')
    .option('--split <file>', 'a TSV of doc and set (e.g. studied / heldout): scores each set separately as well')
    .option('--headlines <file>', 'a TSV of doc, metric and the headline value an analyst would report (| between alternatives): scores the headline choice')
    .option('--blind <set>', 'score the documents of this split set but print none of their misses, spurious facts or metadata mismatches (repeatable)', collect, [])
    .addOption(new Option('--level <level>', 'which score to print').choices(['metric', 'quantity', 'both']).default('both'))
    .option('--json', 'print the scores as JSON')
    .option('--rules <dir>', 'extra rule folder (repeatable)', collect, [])
    .option('--min-f1 <x>', 'exit 1 when the metric-level F1 is below this (0 to 1)', parseF1)
    .addHelpText('after', `
The metric level scores the contract's metrics (a gold \`other\` left \`other\` counts only at
the quantity level). Misses show what the extractor made of the same quantity.

Examples:
  $ lawreport eval --gold fixtures/gold/seeds.jsonl --meta fixtures/gold/seeds-meta.tsv fixtures/reports
  $ lawreport eval --gold fixtures/gold/dev/gold.jsonl --meta fixtures/gold/dev/meta.tsv \\
      --split fixtures/gold/dev/split.tsv --blind heldout fixtures/gold/dev/raw
  $ lawreport eval --gold gold.jsonl reports/ --level quantity --json`)
    .action(async (paths: string[], o: EvalOptions & { json?: boolean; rules: string[]; minF1?: number }) => {
      const s = (await loadSetup())({ rulesDirs: o.rules });
      if (!s.ok) {
        for (const e of s.errors) io.stderr.write(formatRuleError(e) + '\n');
        code = EXIT.USAGE;
        return;
      }
      const { evaluate, renderEval } = await import('./eval.js');
      let result;
      try {
        result = evaluate(paths, o, s.ctx, io.stderr);
      } catch (err) {
        io.stderr.write(`lawreport: ${(err as Error).message}\n`);
        code = EXIT.USAGE;
        return;
      }
      if (o.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else io.stdout.write(renderEval(result, o));
      const metricReport = result.scores.find((r) => r.level === 'metric');
      if (o.minF1 !== undefined && metricReport && metricReport.overall.f1 < o.minF1) code = EXIT.SOME_FAILED;
    });

  program
    .command('export')
    .description('write the tables of a store (facts, summary, metrics, units; or one workbook) as lawreport extract -o writes them')
    .requiredOption('--store <file>', 'the store (lawreport extract --store <file>)')
    .addOption(new Option('-f, --format <format>', 'output format; xlsx writes one workbook with a sheet per table').choices(FORMATS).default('csv'))
    .option('-o, --out <dir>', 'write facts, summary, metrics and units as <table>.<ext>, or lawreport.xlsx, into this folder (created if missing) instead of printing facts')
    .option('--bom', 'start CSV with a UTF-8 byte order mark (default: with --out, not on standard output)')
    .option('--no-bom', 'no byte order mark, also with --out')
    .addOption(new Option('--labels <language>', 'column headers, metric names and coded values in this language (csv and xlsx)').choices(['zh']))
    .option('-q, --quiet', 'no info lines on stderr')
    .option('-v, --verbose', 'the closing line also when stderr is not a terminal')
    .addHelpText('after', `
Documents are written in the order of their paths; those whose files were gone at the last
run (missing) are left out. For the same documents the files are those extract -o writes.

Examples:
  $ lawreport export --store reports.db -o out/
  $ lawreport export --store reports.db -f xlsx -o out/ --labels zh`)
    .action(async (o: { store: string; format: Format; out?: string; bom?: boolean; labels?: 'zh'; quiet?: boolean; verbose?: boolean }) => {
      const problem = requestProblem(o.format, o.out, o.labels, io.stdoutIsTTY);
      if (problem) {
        io.stderr.write(`lawreport: ${problem}\n`);
        code = EXIT.USAGE;
        return;
      }
      let s;
      try {
        const { exportStore } = await import('../run/export-store.js');
        s = await exportStore(o.store, { format: o.format, out: o.out, bom: o.bom ?? Boolean(o.out), labels: o.labels === 'zh' }, io.stdout);
      } catch (err) {
        io.stderr.write(runProblem(err, o.out) + '\n');
        code = EXIT.USAGE;
        return;
      }
      if (s.stale && !o.quiet) io.stderr.write(formatDiagnostic({ code: 'STORE_MIXED_RULES', args: { count: s.stale }, doc: o.store, stage: 'store' }) + '\n');
      if (!o.quiet && (io.stderrIsTTY || o.verbose)) {
        io.stderr.write(printable(`lawreport: ${o.store}: ${s.docs} documents, ${s.facts} facts${s.written.length ? ` -> ${s.written.join(', ')}` : ''}`) + '\n');
      }
    });

  const storeCommand = program.command('store').description('work with stores (lawreport extract --store)');
  storeCommand
    .command('merge')
    .description('combine stores (made by extract --shard i/n --store <file> on several machines) into one; all must hold documents extracted with the same rules and lawreport version')
    .argument('<out>', 'the store to merge into (created if missing)')
    .argument('<stores...>', 'the stores to merge, in order: a document in several is taken from the last that has it present')
    .option('--wait <seconds>', 'how long to wait for another run on <out> before giving up', parseWait, DEFAULT_WAIT_S)
    .option('-q, --quiet', 'no info lines on stderr')
    .option('-v, --verbose', 'the closing line also when stderr is not a terminal')
    .addHelpText('after', `
Example (four machines, then one):
  $ lawreport extract reports/ --shard 3/4 --store shard-3.db       on machine 3 of 4
  $ lawreport store merge reports.db shard-1.db shard-2.db shard-3.db shard-4.db`)
    .action(async (out: string, stores: string[], o: { wait: number; quiet?: boolean; verbose?: boolean }) => {
      const same = stores.find((f) => path.resolve(f) === path.resolve(out));
      if (same) {
        io.stderr.write(printable(`lawreport: ${same}: a store cannot be merged into itself\n`));
        code = EXIT.USAGE;
        return;
      }
      const { mergeStores } = await import('../store/merge.js');
      let s;
      try {
        s = mergeStores(out, stores, { waitMs: o.wait * 1000, args: ['store', 'merge', out, ...stores] });
      } catch (err) {
        if (!isStoreProblem(err)) throw err;
        io.stderr.write(formatStoreProblem(err) + '\n');
        code = EXIT.USAGE;
        return;
      }
      if (!o.quiet) for (const d of s.notices) io.stderr.write(formatDiagnostic(d) + '\n');
      if (!o.quiet && (io.stderrIsTTY || o.verbose)) io.stderr.write(printable(`lawreport: ${out}: ${s.docs} documents merged from ${s.stores} stores`) + '\n');
    });

  program
    .command('report')
    .description('write one self-contained HTML page of charts (trends, comparisons, coverage) from the tables lawreport extract -o wrote')
    .argument('<tables>', 'a folder holding units.<ext> and metrics.<ext> (as extract -o writes them), or a store (extract --store)')
    .requiredOption('-o, --out <file>', 'the HTML file to write')
    .option('--rules <dir>', 'extra rule folder (repeatable): labels of your own metrics', collect, [])
    .option('--title <text>', 'the page title')
    .option('-q, --quiet', 'no info line on stderr')
    .addHelpText('after', `
Examples:
  $ lawreport extract ./reports -o out/ && lawreport report out/ -o report.html
  $ lawreport report reports.db -o report.html`)
    .action(async (input: string, o: ReportOptions) => {
      const { reportCommand } = await import('./report.js');
      code = await reportCommand(input, o, io);
    });

  program
    .command('explain')
    .description('show each fact of one report with its sentence, the quantity highlighted, and the rule and cue words that decided its metric')
    .argument('<file>', 'one report file')
    .option('--rules <dir>', 'extra rule folder (repeatable)', collect, [])
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--metric <id>', 'only facts of this metric (use "other" for unclaimed ones)')
    .addHelpText('after', `
Examples:
  $ lawreport explain fixtures/reports/000_c90d8c21b93b550a.txt
  $ lawreport explain report.txt --metric mediation.cases | less -R`)
    .action(async (file: string, o: { rules: string[]; color?: boolean; metric?: string }) => {
      const s = (await loadSetup())({ rulesDirs: o.rules });
      if (!s.ok) {
        for (const e of s.errors) io.stderr.write(formatRuleError(e) + '\n');
        code = EXIT.USAGE;
        return;
      }
      const [{ readFileBytes }, { processDocument }, { renderExplanation }] = await Promise.all([
        import('../run/run-file.js'), import('../pipeline.js'), import('./explain.js'),
      ]);
      const metrics = s.ctx.rules.metrics.map((m) => m.id);
      if (o.metric !== undefined && o.metric !== 'other' && !metrics.includes(o.metric)) {
        io.stderr.write(printable(`lawreport: --metric ${o.metric}: no such metric; known: other, ${metrics.join(', ')}`) + '\n');
        code = EXIT.USAGE;
        return;
      }
      const read = readFileBytes(file);
      if (!read.ok) {
        io.stderr.write(formatDiagnostic(read.diagnostic) + '\n');
        code = EXIT.USAGE;
        return;
      }
      const r = processDocument(file, read.bytes, s.ctx, { keepText: true });
      for (const d of r.diagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
      if (!r.ok) {
        code = EXIT.USAGE;
        return;
      }
      const color = o.color ?? io.stdoutIsTTY ?? false;
      io.stdout.write(renderExplanation(r, { color, metric: o.metric }));
    });

  const rules = program.command('rules').description('check and list metric rules');
  rules
    .command('check')
    .description('validate rule folders (schema, references, inline examples) and report every error with file and path')
    .argument('<dirs...>', 'rule folders to check beside the built-in rules')
    .action(async (dirs: string[]) => {
      const s = (await loadSetup())({ rulesDirs: dirs, divisions: false });
      if (!s.ok) {
        for (const e of s.errors) io.stderr.write(formatRuleError(e) + '\n');
        io.stderr.write(`lawreport: ${s.errors.length} error${s.errors.length === 1 ? '' : 's'} in rules\n`);
        code = EXIT.USAGE;
        return;
      }
      const own = s.ctx.rules.rules.filter((r) => dirs.some((d) => r.file.startsWith(path.resolve(d) + path.sep)));
      io.stdout.write(`ok: ${s.ctx.rules.files.length} rule files, ${s.ctx.rules.rules.length} rules (${own.length} from ${dirs.join(', ')}), all examples pass\n`);
    });
  rules
    .command('list')
    .description('list the metrics and the rules that produce them')
    .option('--rules <dir>', 'extra rule folder (repeatable)', collect, [])
    .option('--json', 'as JSON')
    .action(async (o: { rules: string[]; json?: boolean }) => {
      const { loadRules } = await import('../rules/load.js');
      const loaded = loadRules(o.rules);
      if (!loaded.ok) {
        for (const e of loaded.errors) io.stderr.write(formatRuleError(e) + '\n');
        code = EXIT.USAGE;
        return;
      }
      const rs = loaded.rules;
      const list = rs.metrics.map((m) => ({
        metric: m.id,
        unit: m.unit,
        family: m.family,
        description: m.description,
        rules: rs.rules.filter((r) => r.metric === m.id).map((r) => ({
          id: r.id,
          accepts: [...r.accepts],
          counts: r.source.counts,
          left: r.source.left,
          right: r.source.right,
          governor: r.source.governor,
          topic: r.topic,
          topic_scope: r.source.topic_scope,
          unless: r.source.unless,
          unless_sentence: r.source.unless_sentence,
          priority: r.priority,
        })),
      }));
      if (o.json) {
        io.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      for (const m of list) {
        io.stdout.write(`${m.metric}  [${m.unit}]  ${m.description}\n`);
        for (const r of m.rules) {
          const parts = [
            r.counts && `counts /${r.counts}/`, r.left && `left /${r.left}/`, r.right && `right /${r.right}/`, r.governor && `governor /${r.governor}/`,
            r.topic && `topic ${r.topic}${r.topic_scope === 'near' ? ' (near)' : ''}`, r.unless && `unless /${r.unless}/`,
            r.unless_sentence && `unless in the sentence /${r.unless_sentence}/`,
          ].filter(Boolean);
          io.stdout.write(`  ${r.id}  accepts ${r.accepts.join('|')}  priority ${r.priority}\n      ${parts.join('  ')}\n`);
        }
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    throw err;
  }
  return code;
}

class Progress {
  private start = Date.now();
  private shown = false;
  private last = 0;
  constructor(private io: IO) {}
  tick(done: number, total: number): void {
    const now = Date.now();
    if (done < total && now - this.last < 100) return; // ten redraws a second at most
    this.last = now;
    const secs = (Date.now() - this.start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    this.io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files  ${rate.toFixed(1)} files/s  ETA ${eta}s `);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
