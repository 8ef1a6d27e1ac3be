import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the long cases (a 100 MB file, fuzzing at length, a bad-input soak): npm run test:long
    exclude: ['test/long/**', '**/node_modules/**'],
    // property tests use one seed here (test/fixed-seed.ts); test:long draws new ones
    setupFiles: ['test/fixed-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // two cores: one worker per core keeps the CLI tests from starving each other
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: 'forks',
  },
});
