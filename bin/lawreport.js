#!/usr/bin/env node
// Shim: runs the CLI and sets the exit code. Exit codes: 0 files read; 1 some files
// failed (--strict) or eval below --min-f1; 2 bad arguments or rules, nothing readable,
// or a fatal error; 130 SIGINT; 143 SIGTERM.
import { run } from '../dist/cli/main.js';

const signal = { stopped: null };
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (signal.stopped) process.exit(sig === 'SIGTERM' ? 143 : 130);
    signal.stopped = sig;
  });
}
process.stdout.on('error', (err) => {
  // the reader went away (| head): stop quietly
  if (err.code === 'EPIPE') process.exit(0);
  const reason = err.code === 'ENOSPC' ? 'no space left on the device' : err.message;
  process.stderr.write(`lawreport: cannot write to standard output: ${reason} (${err.code ?? 'error'})\n`);
  process.exit(2);
});

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    signal,
  });
} catch (err) {
  process.stderr.write(`lawreport: fatal: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 2;
}
