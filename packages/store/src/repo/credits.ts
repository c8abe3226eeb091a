import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { creditLedger, users } from '../schema/index.js';
import { writeAudit } from './audit.js';
import { isUuid } from './ids.js';
import { postLedgerEntry } from './ledger.js';
import { toLedgerEntry } from './mappers.js';
import type { LedgerEntry, Refusal } from './types.js';

export async function getBalance(db: Db, userId: string): Promise<number | null> {
  if (!isUuid(userId)) return null;
  const [row] = await db.select({ credits: users.credits }).from(users).where(eq(users.id, userId));
  return row?.credits ?? null;
}

/** Newest first; `before` is a ledger id for paging. */
export async function listLedger(
  db: Db,
  userId: string,
  options: { limit?: number; before?: number } = {},
): Promise<LedgerEntry[]> {
  if (!isUuid(userId)) return [];
  const rows = await db
    .select()
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.userId, userId),
        options.before === undefined ? undefined : lt(creditLedger.id, options.before),
      ),
    )
    .orderBy(desc(creditLedger.id))
    .limit(options.limit ?? 100);
  return rows.map(toLedgerEntry);
}

export type AdjustCreditsResult =
  | { ok: true; balance: number; entryId: number }
  | Refusal<'NOT_FOUND' | 'INSUFFICIENT_CREDITS'>;

/** An operator's grant or removal: ledger entry + audit entry in one transaction; never below zero. */
export async function adjustCredits(
  db: Db,
  input: { userId: string; delta: number; reason?: 'grant' | 'admin'; actorId: string | null; note?: string },
): Promise<AdjustCreditsResult> {
  if (!isUuid(input.userId) || !Number.isSafeInteger(input.delta)) return { ok: false, code: 'NOT_FOUND' };
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) return { ok: false, code: 'NOT_FOUND' } as const;
    const posted = await postLedgerEntry(tx, {
      userId: input.userId,
      delta: input.delta,
      reason: input.reason ?? 'admin',
      note: input.note ?? null,
    });
    if (!posted) return { ok: false, code: 'INSUFFICIENT_CREDITS' } as const;
    await writeAudit(tx, {
      actorId: input.actorId,
      action: 'credits.adjust',
      targetType: 'user',
      targetId: input.userId,
      data: {
        delta: input.delta,
        reason: input.reason ?? 'admin',
        note: input.note ?? null,
        balance: posted.balance,
      },
    });
    return { ok: true, ...posted } as const;
  });
}
