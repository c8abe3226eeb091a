import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../schema/index.js';
import { defaultMigrationsFolder } from './migrations-folder.js';
import type { Database, Db } from './types.js';

/** Embedded Postgres in `dataDir`, or in memory. Single process, so migrations need no lock. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    close: () => client.close(),
    ping: async () => {
      await client.query('select 1');
    },
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    migrate: async (options) => {
      await migrate(drizzle({ client }), {
        migrationsFolder: options?.migrationsFolder ?? defaultMigrationsFolder(),
      });
    },
  };
}
