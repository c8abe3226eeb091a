import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // One real PostgreSQL server for the run (the store's); service suites also run on PGlite.
    globalSetup: ['@exquisite/store/testing/global-setup'],
    // Service suites wait on Postgres, PGlite and fsync much of the time: two files at once
    // finish well sooner on a 2-core machine than vitest's default of cores − 1.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
