import { defineConfig } from 'vitest/config';

/**
 * Suites that drive the real pipeline (`createPipeline` from @exquisite/pipeline). They run with
 * `pnpm test:pipeline` and join the default run once the pipeline facade is exported (see
 * apps/api/CONTEXT.md, "Pending").
 */
export const PIPELINE_SUITES = ['src/play.test.ts', 'src/authorization.test.ts', 'test/replicas.test.ts'];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: process.env.EXQ_PIPELINE_SUITES === '1' ? [] : PIPELINE_SUITES,
    // One real PostgreSQL server for the run; files create their own databases on it.
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
