import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One real PostgreSQL server for the run (the store's), for the suites that run on both engines.
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
