// Preloaded by the benchmark into each measured process: reports the peak resident set
// size (the whole process, worker threads included) when it exits. On Linux it reads
// VmHWM, which starts afresh at exec; getrusage's maxRSS would carry over the peak of the
// process that spawned this one.
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) kb = Number(m[1]);
  } catch {
    // not Linux: keep getrusage's figure
  }
  // CPU time of the whole process (every thread: the main one, the workers, V8's own)
  const cpu = process.cpuUsage();
  process.stderr.write(`BENCH_MAXRSS_KB=${kb}\nBENCH_CPU_MS=${Math.round((cpu.user + cpu.system) / 1000)}\n`);
});
