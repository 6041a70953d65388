import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Database tests each make their own database, so files can run in parallel on 2 cores.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
