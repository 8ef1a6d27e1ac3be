// npm test: every property test explores the same cases on each run (FC_SEED picks others),
// so a test run passes or fails on the code, not by chance. npm run test:long explores new
// cases on each run, at length (test/long/properties.test.ts), and prints the seed of a failure.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });
