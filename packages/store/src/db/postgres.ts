import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../schema/index.js';
import { defaultMigrationsFolder } from './migrations-folder.js';
import type { Database, Db } from './types.js';

/** Arbitrary constant naming "Exquisite schema migration" among advisory locks. */
const MIGRATION_LOCK_KEY = 7_201_114_251;

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    close: () => client.end({ timeout: 5 }),
    ping: async () => {
      await client`select 1`;
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    migrate: async (migrateOptions) => {
      // One dedicated connection holds the advisory lock while drizzle migrates on that same
      // connection, so two replicas starting together apply each migration exactly once.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migrate(drizzle({ client: single }), {
          migrationsFolder: migrateOptions?.migrationsFolder ?? defaultMigrationsFolder(),
        });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
  };
}
