export type { BlobHead, BlobStore } from './blob/blob-store.js';
export * from './blob/index.js';
export { createDatabase, type DatabaseConfig, migrate } from './db/database.js';
export { isCheckViolation, isUniqueViolation, pgConstraint, pgErrorCode } from './db/pg-error.js';
export type { Database, Db, Engine, MigrateOptions } from './db/types.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export * from './repo/index.js';
export type { LedgerReason, Prefill, RoomMode, RoomStatus, StepStatus, UserRole } from './schema/index.js';
export * as schema from './schema/index.js';
