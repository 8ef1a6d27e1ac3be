// Preloaded by the benchmark into each measured process: reports the peak resident set
// size (the whole process, worker threads included) when it exits.
process.on('exit', () => {
  process.stderr.write(`BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
