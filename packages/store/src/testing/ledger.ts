import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { creditLedger } from '../schema/index.js';

/** Sum of a user's ledger entries: must always equal their balance. */
export async function ledgerSum(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ sum: sql<string | null>`sum(${creditLedger.delta})` })
    .from(creditLedger)
    .where(eq(creditLedger.userId, userId));
  return Number(row?.sum ?? 0);
}
