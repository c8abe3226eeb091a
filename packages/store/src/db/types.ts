import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from '../schema/index.js';

/** The common Drizzle type of both drivers: one set of repository functions serves PGlite and Postgres. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  close(): Promise<void>;
  /** Throws when the database does not answer (for `/readyz`). */
  ping(): Promise<void>;
  /** LISTEN on a channel; resolves once listening, to a function that stops it. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Applies pending migrations; serialised across processes on a server. Prefer `migrate(database)`. */
  migrate(options?: MigrateOptions): Promise<void>;
}

export interface MigrateOptions {
  /** Folder holding drizzle-kit's SQL and `meta/_journal.json`; defaults to this package's `drizzle/`. */
  migrationsFolder?: string;
}
