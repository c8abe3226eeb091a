import { type Database, migrate, writeAudit } from '@exquisite/store';
import { CLI_ACTOR } from './admin.js';

/** Applies pending migrations (safe while replicas run: the store serialises them). */
export async function runMigrations(database: Database, migrationsFolder?: string): Promise<void> {
  await migrate(database, migrationsFolder ? { migrationsFolder } : undefined);
  await writeAudit(database.db, {
    actorId: CLI_ACTOR.actorId,
    action: 'db.migrate',
    targetType: 'database',
    targetId: database.engine,
    data: { via: CLI_ACTOR.via, ...(migrationsFolder ? { migrationsFolder } : {}) },
  });
}
