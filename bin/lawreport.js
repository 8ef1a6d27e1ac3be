#!/usr/bin/env node
// Shim: runs the CLI and sets the exit code. Exit codes: 0 files read; 1 some files
// failed (--strict) or eval below --min-f1; 2 bad arguments or rules, nothing readable,
// or a fatal error; 130 SIGINT; 143 SIGTERM.
import { readFileSync } from 'node:fs';
import { startEarly } from '../dist/cli/early.js';
import { haltWorkersSync } from '../dist/run/native-guard.js';
import { dropPrestarted } from '../dist/run/prestart.js';

// an extract run's first worker starts before the rest of the command line loads
startEarly(process.argv.slice(2));
const [{ run }, { removeUnfinished }] = await Promise.all([import('../dist/cli/main.js'), import('../dist/export/writers.js')]);

// whatever the way out (a second Ctrl-C, process.exit, an uncaught error), no temporary
// .partial output file is left behind; one left by a run killed outright (kill -9) is
// removed by the next run that writes into the same folder
process.on('exit', removeUnfinished);

const signal = { stopped: null };
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (signal.stopped) exitNow(sig === 'SIGTERM' ? 143 : 130);
    signal.stopped = sig;
  });
}
process.stdout.on('error', (err) => {
  // the reader went away (| head): stop quietly
  if (err.code === 'EPIPE') exitNow(0);
  const reason = err.code === 'ENOSPC' ? 'no space left on the device' : err.message;
  process.stderr.write(`lawreport: cannot write to standard output: ${reason} (${err.code ?? 'error'})\n`);
  exitNow(2);
});

/**
 * Exits at once. Worker threads are stopped outside the tokenizer's native code first:
 * ending one inside it aborts the whole process (exit 134 instead of this code).
 */
function exitNow(code) {
  haltWorkersSync();
  process.exit(code);
}

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    signal,
    // the path - : all of standard input, read when asked for
    readStdin: () => readFileSync(0),
  });
} catch (err) {
  process.stderr.write(`lawreport: fatal: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 2;
} finally {
  // a worker started for a run that did not take place (bad arguments, another command)
  await dropPrestarted();
}
