import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One real PostgreSQL server for the run (the store's); service suites also run on PGlite.
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
