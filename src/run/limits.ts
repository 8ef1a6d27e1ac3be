// The bounds of a run, where the command line and the run both read them (a leaf module:
// the command line knows its defaults without loading the pool or the pipeline).

/**
 * Files above this size are processed chunk by chunk in a worker of their own. Reports are
 * 5-30 KB; anything past 2 MB is a dump or a damaged page, and a 2 MB document held whole
 * fits a pool worker's heap even when it is nothing but numbers.
 */
export const LARGE_FILE_BYTES = 2 * 1024 * 1024;
/** The heap (old generation, MB) of each worker by default (--max-memory). */
export const DEFAULT_HEAP_MB = 160;
/** Seconds a document (or one part of a file over 2 MB) may run by default (--timeout). */
export const DEFAULT_TIMEOUT_S = 60;
