import { StoreError } from '../errors.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Database, MigrateOptions } from './types.js';

export interface DatabaseConfig {
  /** DATABASE_URL: a Postgres server through postgres.js. */
  url?: string;
  /** PGlite data directory when no url is given; in memory when neither is. */
  dataDir?: string;
  /** Pool size for the server driver. */
  maxConnections?: number;
}

export async function createDatabase(config: DatabaseConfig = {}): Promise<Database> {
  try {
    if (config.url) {
      const options = config.maxConnections === undefined ? {} : { max: config.maxConnections };
      return await openPostgres(config.url, options);
    }
    return await openPglite(config.dataDir);
  } catch (cause) {
    throw new StoreError('CONNECTION_FAILED', 'could not open the database', { cause });
  }
}

/** Applies pending migrations. Safe to run twice, and from two processes at once on a server. */
export async function migrate(database: Database, options?: MigrateOptions): Promise<void> {
  try {
    await database.migrate(options);
  } catch (cause) {
    throw new StoreError('MIGRATION_FAILED', 'database migration failed', { cause });
  }
}
