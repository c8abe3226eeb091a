import { defineConfig } from 'vitest/config';

/**
 * postgres.js 3.4.9 throws this from a `setImmediate` after a backend is terminated while a
 * small write is buffered (porsager/postgres#1154, #1208; fixes pending upstream). It cannot be
 * caught by the caller and would crash an API replica (whose steps lease recovery then settles).
 * The connection-drop suites provoke it on purpose; it is recorded in docs/reliability.md and
 * ignored here so that it does not mask other failures. Any other unhandled error fails the run.
 */
function isKnownPostgresJsNullSocket(error: { message?: string; stack?: string }): boolean {
  return (
    /Cannot read properties of null \(reading 'write'\)/.test(error.message ?? '') &&
    /postgres\/src\/connection\.js/.test(error.stack ?? '')
  );
}

// `pnpm test:reliability`: fault injection and load against a real PostgreSQL server, each
// file ending with the invariant audit. Bounded: every file runs in well under a minute.
export default defineConfig({
  test: {
    include: ['src/**/*.reliability.test.ts'],
    globalSetup: ['@exquisite/store/testing/global-setup'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    onUnhandledError: (error) => !isKnownPostgresJsNullSocket(error),
  },
});
