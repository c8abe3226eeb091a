import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The reliability suites run on their own (`pnpm test:reliability`).
    exclude: ['src/**/*.reliability.test.ts', '**/node_modules/**'],
    // One real PostgreSQL server for the run (the store's), for the suites that run on both engines.
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
