import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/quiet-logs.ts'],
    // Database tests each make their own database and browser tests their own app, so files run in
    // parallel. Vitest's default (one fewer than the cores) would run them one at a time on 2 cores,
    // though a browser file spends most of its time waiting on the app and Chromium.
    pool: 'forks',
    maxWorkers: 2,
    // A guard against a hung test, not a speed target (benchmarks are in tests/bench): a browser flow beside
    // another file on 2 cores can take twice its time alone.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
