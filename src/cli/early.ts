// The first thing the command line does: guess from the raw arguments whether this is an
// extract run on the built-in rules with the default heap (no --rules, --store or
// --max-memory; not --help). If so its first worker starts now, before the command line's
// own modules load (about a fifth of a one-report run). Only a guess: when the parsed command
// line asks for another worker, the pool does not take this one and it is ended (prestart.ts).
import { BUILT_IN_SPEC, prestartWorker } from '../run/prestart.js';

const OTHER_WORKER = /^(--rules|--store|--max-memory|--help|-h$)/;

export function startEarly(args: readonly string[]): void {
  if (args[0] !== 'extract' || args.some((a) => OTHER_WORKER.test(a))) return;
  prestartWorker(BUILT_IN_SPEC);
}
