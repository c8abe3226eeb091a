import { asc, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../db/pg-error.js';
import type { Db } from '../db/types.js';
import { type UserRole, users } from '../schema/index.js';
import { isUuid } from './ids.js';
import { postLedgerEntry } from './ledger.js';
import { toUser } from './mappers.js';
import type { Refusal, User, UserWithPassword } from './types.js';

export type CreateUserResult = { ok: true; user: User } | Refusal<'EMAIL_TAKEN'>;

/** Creates the account and grants the signup credits through the ledger in the same transaction. */
export async function createUser(
  db: Db,
  input: { email: string; displayName: string; passwordHash: string; role?: UserRole; signupCredits: number },
): Promise<CreateUserResult> {
  try {
    const user = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          email: normaliseEmail(input.email),
          displayName: input.displayName,
          passwordHash: input.passwordHash,
          role: input.role ?? 'player',
        })
        .returning();
      let credits = 0;
      if (input.signupCredits > 0) {
        const posted = await postLedgerEntry(tx, {
          userId: row!.id,
          delta: input.signupCredits,
          reason: 'signup',
        });
        credits = posted!.balance;
      }
      return { ...toUser(row!), credits };
    });
    return { ok: true, user };
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) return { ok: false, code: 'EMAIL_TAKEN' };
    throw error;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** For sign-in: includes the password hash. Case-insensitive. */
export async function findUserByEmail(db: Db, email: string): Promise<UserWithPassword | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
}

export async function getUser(db: Db, userId: string): Promise<User | null> {
  if (!isUuid(userId)) return null;
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row ? toUser(row) : null;
}

export async function listUsers(db: Db, options: { limit?: number; offset?: number } = {}): Promise<User[]> {
  const rows = await db
    .select()
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0);
  return rows.map(toUser);
}

export async function setUserRole(db: Db, userId: string, role: UserRole): Promise<User | null> {
  if (!isUuid(userId)) return null;
  const [row] = await db.update(users).set({ role }).where(eq(users.id, userId)).returning();
  return row ? toUser(row) : null;
}
