import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real PostgreSQL server for the run; files create their own databases on it.
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
