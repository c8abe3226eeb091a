import { defineConfig } from 'vitest/config';

// Real Chromium against the real API server (apps/api/dist/main.js), which serves apps/web/dist.
// Both must be built first: `pnpm build` at the root.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
