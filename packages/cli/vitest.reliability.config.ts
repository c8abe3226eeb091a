import { defineConfig } from 'vitest/config';

// `pnpm test:reliability`: fault injection and load against a real PostgreSQL server, each
// file ending with the invariant audit. Bounded: every file runs in well under a minute.
// Any unhandled error fails the run. (postgres.js 3.4.9's uncatchable TypeError on a terminated
// connection, porsager/postgres#1154/#1208, used to be ignored here; patches/postgres@3.4.9.patch
// fixes it, see docs/decisions/0006-patch-postgres-js-closed-socket.md.)
export default defineConfig({
  test: {
    include: ['src/**/*.reliability.test.ts'],
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
