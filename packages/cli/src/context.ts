import { join } from 'node:path';
import {
  type BlobStore,
  createBlobStoreFromEnv,
  createDatabase,
  type Database,
  type Db,
} from '@exquisite/store';
import { type BlobAges, createBlobAgesFromEnv } from './blob-ages.js';
import { type Env, resolveDataDir } from './paths.js';

/** What the operator commands work on: the API's database and blob store, from the API's env. */
export interface OperatorContext {
  database: Database;
  db: Db;
  blobs: BlobStore;
  blobAges: BlobAges;
  close(): Promise<void>;
}

/**
 * Opens the same database and blob store the API would with this environment
 * (`DATABASE_URL` or `<DATA_DIR>/db`; `S3_*` or `<DATA_DIR>/blobs`).
 * Embedded PGlite allows one process at a time: stop the API before using the CLI on it.
 */
export async function openOperatorContext(env: Env): Promise<OperatorContext> {
  const dataDir = resolveDataDir(env);
  const url = env.DATABASE_URL?.trim();
  const database = await createDatabase(url ? { url, maxConnections: 2 } : { dataDir: join(dataDir, 'db') });
  return {
    database,
    db: database.db,
    blobs: createBlobStoreFromEnv(env, dataDir),
    blobAges: createBlobAgesFromEnv(env, dataDir),
    close: () => database.close(),
  };
}
