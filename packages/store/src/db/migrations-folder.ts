import { fileURLToPath } from 'node:url';

/**
 * The committed drizzle-kit output. Resolved from this source file; a bundler that inlines the
 * store must copy `packages/store/drizzle/` and pass `migrationsFolder` (or set EXQ_MIGRATIONS_DIR).
 */
export function defaultMigrationsFolder(): string {
  return process.env.EXQ_MIGRATIONS_DIR ?? fileURLToPath(new URL('../../drizzle/', import.meta.url));
}
