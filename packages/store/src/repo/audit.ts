import { desc, lt } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { auditLog } from '../schema/index.js';
import type { AuditEntry } from './types.js';

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
}

/** Takes `db` or a transaction, so an action and its audit entry commit together. */
export async function writeAudit(db: Db, input: AuditInput): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLog)
    .values({
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      data: input.data ?? {},
    })
    .returning();
  return row!;
}

/** Newest first; `before` is an audit id for paging. */
export async function listAudit(
  db: Db,
  options: { limit?: number; before?: number } = {},
): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(options.before === undefined ? undefined : lt(auditLog.id, options.before))
    .orderBy(desc(auditLog.id))
    .limit(options.limit ?? 100);
}
