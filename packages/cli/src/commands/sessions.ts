import { type Db, schema, writeAudit } from '@exquisite/store';
import { isNull, sql } from 'drizzle-orm';
import { CLI_ACTOR } from './admin.js';

/**
 * Signs everybody out (after a suspected leak, or as part of rotating secrets). Session
 * tokens are random and stored hashed, so there is no signing key to rotate: revoking the
 * rows is the invalidation. The store has no bulk revoke, hence the one write here.
 */
export async function revokeAllSessions(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(schema.sessions)
      .set({ revokedAt: sql`now()` })
      .where(isNull(schema.sessions.revokedAt))
      .returning({ id: schema.sessions.id });
    await writeAudit(tx, {
      actorId: CLI_ACTOR.actorId,
      action: 'sessions.revoke_all',
      targetType: 'sessions',
      targetId: '*',
      data: { via: CLI_ACTOR.via, revoked: revoked.length },
    });
    return revoked.length;
  });
}
