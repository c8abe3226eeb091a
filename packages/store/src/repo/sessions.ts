import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { sessions, users } from '../schema/index.js';
import { toUser } from './mappers.js';
import type { Session, User } from './types.js';

/** Stores only the hash of the session token (the cookie holds the token itself). */
export async function createSession(
  db: Db,
  input: { userId: string; tokenHash: string; expiresAt: Date },
): Promise<Session> {
  const [row] = await db.insert(sessions).values(input).returning();
  return toSession(row!);
}

/** The signed-in user for a token hash, unless the session expired or was revoked. */
export async function findSessionUser(
  db: Db,
  tokenHash: string,
): Promise<{ session: Session; user: User } | null> {
  const [row] = await sessionUserStatement(db).execute({ tokenHash });
  return row ? { session: toSession(row.session), user: toUser(row.user) } : null;
}

/**
 * Every signed-in request asks this, so the statement is built once per database handle rather
 * than by the query builder on each call (on embedded PGlite that costs as much as running it).
 * Revocation and expiry are still checked by the database on every call.
 */
function prepareSessionUser(db: Db) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
      ),
    )
    .prepare('exq_session_user');
}

const sessionUserStatements = new WeakMap<Db, ReturnType<typeof prepareSessionUser>>();

function sessionUserStatement(db: Db): ReturnType<typeof prepareSessionUser> {
  let statement = sessionUserStatements.get(db);
  if (statement === undefined) {
    statement = prepareSessionUser(db);
    sessionUserStatements.set(db, statement);
  }
  return statement;
}

/** Revokes server-side; true when a live session was revoked. */
export async function revokeSession(db: Db, tokenHash: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

function toSession(row: typeof sessions.$inferSelect): Session {
  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}
