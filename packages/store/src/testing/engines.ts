import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createDatabase, migrate } from '../db/database.js';
import type { Database, Engine } from '../db/types.js';
import { createTestDatabase } from './postgres-server.js';
import './provided-context.js';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/**
 * A migrated database of the given engine: in-memory PGlite, or a fresh database on the run's
 * PostgreSQL server (needs the store's globalSetup, or any that provides `exqPostgresUrl`).
 */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  const database =
    engine === 'pglite'
      ? await createDatabase({})
      : await createDatabase({ url: (await createTestDatabase({ url: inject('exqPostgresUrl') })).url });
  await migrate(database);
  return database;
}

/**
 * Runs the same suite once per engine (PGlite in memory, postgres.js on a real server), like
 * drizzle's pg-common. `get()` returns the suite's database once `beforeAll` has run.
 */
export function forEachEngine(name: string, suite: (get: () => Database, engine: Engine) => void): void {
  describe.each(ENGINES)(`${name} [%s]`, (engine) => {
    let database: Database | undefined;
    beforeAll(async () => {
      database = await openTestDatabase(engine);
    }, 60_000);
    afterAll(async () => {
      await database?.close();
    });
    suite(() => {
      if (!database) throw new Error('database not ready: use get() inside tests or hooks');
      return database;
    }, engine);
  });
}
