import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ledgerReason } from './enums.js';
import { rooms } from './rooms.js';
import { steps } from './steps.js';
import { users } from './users.js';

/** Append-only. A user's balance (users.credits) always equals the sum of their entries. */
export const creditLedger = pgTable(
  'credit_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    delta: integer('delta').notNull(),
    reason: ledgerReason('reason').notNull(),
    stepId: uuid('step_id').references(() => steps.id, { onDelete: 'set null' }),
    roomId: uuid('room_id').references(() => rooms.id, { onDelete: 'set null' }),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One debit and at most one refund per step, whatever races between replicas.
    uniqueIndex('credit_ledger_step_reason_key').on(t.stepId, t.reason),
    index('credit_ledger_user_idx').on(t.userId, t.id),
  ],
);
