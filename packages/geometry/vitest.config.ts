import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Property tests walk whole 1024² tiles; on a busy 2-core CI box they need headroom.
    testTimeout: 60_000,
  },
});
