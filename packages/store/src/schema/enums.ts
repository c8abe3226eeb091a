import { pgEnum } from 'drizzle-orm/pg-core';

// Enums live in the database so a bad value can never be written by any replica or script.
export const userRole = pgEnum('user_role', ['player', 'admin']);
export const roomMode = pgEnum('room_mode', ['open', 'folded']);
export const roomStatus = pgEnum('room_status', ['open', 'finished']);
export const direction = pgEnum('direction', ['right', 'left', 'up', 'down']);
export const stepStatus = pgEnum('step_status', ['running', 'committed', 'failed', 'aborted']);
export const prefillMode = pgEnum('prefill_mode', ['smear', 'black']);
export const ledgerReason = pgEnum('ledger_reason', [
  'signup',
  'grant',
  'debit',
  'refund',
  'admin',
  'room_start',
]);

export type UserRole = (typeof userRole.enumValues)[number];
export type RoomMode = (typeof roomMode.enumValues)[number];
export type RoomStatus = (typeof roomStatus.enumValues)[number];
export type StepStatus = (typeof stepStatus.enumValues)[number];
export type Prefill = (typeof prefillMode.enumValues)[number];
export type LedgerReason = (typeof ledgerReason.enumValues)[number];
