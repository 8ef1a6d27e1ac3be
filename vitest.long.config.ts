// npm run test:long: the cases too long for the default suite (.ci/run runs both).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/long/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    // one file at a time: each already keeps both cores busy
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    pool: 'forks',
  },
});
