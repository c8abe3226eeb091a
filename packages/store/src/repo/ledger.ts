import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { creditLedger, type LedgerReason, users } from '../schema/index.js';
import type { Step } from './types.js';

/**
 * Moves a user's balance and appends the matching ledger entry, inside the caller's transaction.
 * A debit that would make the balance negative changes nothing and returns null.
 */
export async function postLedgerEntry(
  tx: Db,
  entry: {
    userId: string;
    delta: number;
    reason: LedgerReason;
    stepId?: string | null;
    roomId?: string | null;
    note?: string | null;
  },
): Promise<{ balance: number; entryId: number } | null> {
  const updated = await tx
    .update(users)
    .set({ credits: sql`${users.credits} + ${entry.delta}` })
    .where(and(eq(users.id, entry.userId), entry.delta < 0 ? gte(users.credits, -entry.delta) : undefined))
    .returning({ balance: users.credits });
  const balance = updated[0]?.balance;
  if (balance === undefined) return null;
  const [row] = await tx
    .insert(creditLedger)
    .values({
      userId: entry.userId,
      delta: entry.delta,
      reason: entry.reason,
      stepId: entry.stepId ?? null,
      roomId: entry.roomId ?? null,
      note: entry.note ?? null,
    })
    .returning({ id: creditLedger.id });
  return { balance, entryId: row!.id };
}

/**
 * Refunds a step's debit exactly once: the (step, reason) unique key makes a second refund a
 * no-op even when two replicas race. Returns whether this call refunded.
 */
export async function refundStep(
  tx: Db,
  step: Pick<Step, 'id' | 'userId' | 'roomId' | 'cost'>,
): Promise<boolean> {
  const inserted = await tx
    .insert(creditLedger)
    .values({ userId: step.userId, delta: step.cost, reason: 'refund', stepId: step.id, roomId: step.roomId })
    .onConflictDoNothing({ target: [creditLedger.stepId, creditLedger.reason] })
    .returning({ id: creditLedger.id });
  if (inserted.length === 0) return false;
  await tx
    .update(users)
    .set({ credits: sql`${users.credits} + ${step.cost}` })
    .where(eq(users.id, step.userId));
  return true;
}
