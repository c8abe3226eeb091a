import type { Direction } from '@exquisite/geometry';
import type { creditLedger, rooms, steps, users } from '../schema/index.js';
import type { LedgerEntry, Member, Room, Step, User } from './types.js';

type UserRow = typeof users.$inferSelect;
type RoomRow = typeof rooms.$inferSelect;
type StepRow = typeof steps.$inferSelect;
type LedgerRow = typeof creditLedger.$inferSelect;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    credits: row.credits,
    createdAt: row.createdAt,
  };
}

export function toStep(row: StepRow): Step {
  const hasAfter =
    row.afterX !== null &&
    row.afterY !== null &&
    row.afterWidth !== null &&
    row.afterHeight !== null &&
    row.afterVersion !== null;
  return {
    id: row.id,
    roomId: row.roomId,
    number: row.number,
    userId: row.userId,
    direction: row.direction as Direction,
    prompt: row.prompt,
    status: row.status,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    tiles: row.tiles,
    cost: row.cost,
    provider: row.provider,
    model: row.model,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    before: {
      x: row.beforeX,
      y: row.beforeY,
      width: row.beforeWidth,
      height: row.beforeHeight,
      version: row.beforeVersion,
    },
    after: hasAfter
      ? {
          x: row.afterX!,
          y: row.afterY!,
          width: row.afterWidth!,
          height: row.afterHeight!,
          version: row.afterVersion!,
        }
      : null,
    turnNonce: row.turnNonce,
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    leaseExpiresAt: row.leaseExpiresAt,
    fencingToken: row.fencingToken,
    record: row.record ?? null,
  };
}

export function toRoom(row: RoomRow, members: Member[], activeStep: Step | null): Room {
  const sorted = [...members].sort((a, b) => a.seat - b.seat);
  return {
    id: row.id,
    name: row.name,
    ownerId: row.ownerId,
    inviteCode: row.inviteCode,
    mode: row.mode,
    direction: (row.direction as Direction | null) ?? null,
    status: row.status,
    canvas: {
      x: row.canvasX,
      y: row.canvasY,
      width: row.canvasWidth,
      height: row.canvasHeight,
      version: row.canvasVersion,
    },
    members: sorted,
    turn: {
      number: row.turnNumber,
      seat: row.turnSeat,
      userId: sorted.find((m) => m.seat === row.turnSeat)?.userId ?? null,
      nonce: row.turnNonce,
    },
    activeStep,
    limits: { maxWidth: row.maxWidth, maxHeight: row.maxHeight, maxTurns: row.maxTurns },
    settings: {
      featherPx: row.featherPx,
      colorMatch: row.colorMatch,
      prefill: row.prefill,
      blend: row.blend,
      colorTransfer: row.colorTransfer,
      referenceHeadroom: row.referenceHeadroom,
    },
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    userId: row.userId,
    delta: row.delta,
    reason: row.reason,
    stepId: row.stepId,
    roomId: row.roomId,
    note: row.note,
    createdAt: row.createdAt,
  };
}
