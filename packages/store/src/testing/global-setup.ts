import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';
import './provided-context.js';

/**
 * vitest globalSetup: ONE PostgreSQL server for the whole run. Use it from any package's
 * vitest config: `globalSetup: ['@exquisite/store/testing/global-setup']`, then
 * `createTestDatabase({ url: inject('exqPostgresUrl') })` in a test file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide('exqPostgresUrl', server.url);
  return () => server.stop();
}
