import { randomBytes } from 'node:crypto';
import type { Direction, Rect } from '@exquisite/geometry';
import { and, desc, eq, max, TransactionRollbackError } from 'drizzle-orm';
import { isUniqueViolation } from '../db/pg-error.js';
import type { Db } from '../db/types.js';
import { StoreError } from '../errors.js';
import {
  type BlendMethod,
  type ColorTransfer,
  canvasVersions,
  type Prefill,
  type RoomMode,
  roomMembers,
  rooms,
  users,
} from '../schema/index.js';
import { writeAudit } from './audit.js';
import { isUuid, newTurnNonce } from './ids.js';
import { postLedgerEntry } from './ledger.js';
import { advanceTurn, insertCells, loadRoom, loadRooms, lockRoom } from './room-loader.js';
import type { CellRef, Refusal, Room } from './types.js';

export interface CreateRoomInput {
  ownerId: string;
  name: string;
  mode?: RoomMode;
  /** Required for folded rooms, ignored (null) for open ones. */
  direction?: Direction | null;
  maxTurns?: number | null;
  limits?: { maxWidth?: number; maxHeight?: number };
  settings?: {
    featherPx?: number;
    colorMatch?: boolean;
    prefill?: Prefill;
    blend?: BlendMethod;
    colorTransfer?: ColorTransfer;
    referenceHeadroom?: boolean;
  };
  /** The starting canvas (version 0) and its cells, level 0 and pyramid, already in the blob store. */
  canvas: Rect;
  cells: CellRef[];
  /** Credits debited atomically with the creation (e.g. a prompt start); 0/undefined = free. */
  startCost?: number;
}

/**
 * The colour transfer a room created without one gets (docs/seams.md, "Decision"): the
 * pipeline's `DEFAULT_COLOR_TRANSFER`, repeated here because the store must not import the
 * pipeline. The repository writes it explicitly rather than relying on the column's SQL default
 * (see the schema): a migration cannot default the column to `hybrid`, since Postgres refuses an
 * enum value added in the same open transaction and a fresh database applies every pending
 * migration, 0002's `ADD VALUE 'hybrid'` included, in one.
 */
export const DEFAULT_ROOM_COLOR_TRANSFER: ColorTransfer = 'hybrid';

export type CreateRoomResult = { ok: true; room: Room } | Refusal<'NOT_FOUND' | 'INSUFFICIENT_CREDITS'>;

export async function createRoom(db: Db, input: CreateRoomInput): Promise<CreateRoomResult> {
  const mode = input.mode ?? 'open';
  if (mode === 'folded' && !input.direction) {
    throw new StoreError('INVALID_INPUT', 'a folded room needs a direction');
  }
  if (!isUuid(input.ownerId)) return { ok: false, code: 'NOT_FOUND' };
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.ownerId));
        if (!owner) return { ok: false, code: 'NOT_FOUND' } as const;
        const [row] = await tx
          .insert(rooms)
          .values({
            name: input.name,
            ownerId: input.ownerId,
            inviteCode: newInviteCode(),
            mode,
            direction: mode === 'folded' ? input.direction : null,
            maxTurns: input.maxTurns ?? null,
            maxWidth: input.limits?.maxWidth,
            maxHeight: input.limits?.maxHeight,
            featherPx: input.settings?.featherPx,
            colorMatch: input.settings?.colorMatch,
            prefill: input.settings?.prefill,
            blend: input.settings?.blend,
            colorTransfer: input.settings?.colorTransfer ?? DEFAULT_ROOM_COLOR_TRANSFER,
            referenceHeadroom: input.settings?.referenceHeadroom,
            canvasX: input.canvas.x,
            canvasY: input.canvas.y,
            canvasWidth: input.canvas.width,
            canvasHeight: input.canvas.height,
            canvasVersion: 0,
            turnSeat: 0,
            turnNonce: newTurnNonce(),
            turnNumber: 1,
          })
          .returning();
        const room = row!;
        if (input.startCost && input.startCost > 0) {
          const debited = await postLedgerEntry(tx, {
            userId: input.ownerId,
            delta: -input.startCost,
            reason: 'room_start',
            roomId: room.id,
          });
          // Rolling back undoes the room insert: a refused creation leaves nothing behind.
          if (!debited) tx.rollback();
        }
        await tx.insert(roomMembers).values({ roomId: room.id, userId: input.ownerId, seat: 0 });
        await tx
          .insert(canvasVersions)
          .values({ roomId: room.id, version: 0, ...input.canvas, stepId: null });
        await insertCells(tx, room.id, 0, input.cells);
        return { ok: true, room: await loadRoom(tx, room) } as const;
      });
    } catch (error) {
      if (isRollback(error)) return { ok: false, code: 'INSUFFICIENT_CREDITS' };
      // A colliding invite code is astronomically rare; draw again.
      if (isUniqueViolation(error, 'rooms_invite_code_key') && attempt < 3) continue;
      throw error;
    }
  }
}

function isRollback(error: unknown): boolean {
  return error instanceof TransactionRollbackError;
}

/** Ten characters of an unambiguous alphabet (no 0/O, 1/I/L): easy to read aloud. */
function newInviteCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  let code = '';
  for (const byte of bytes) code += alphabet[byte % alphabet.length];
  return code;
}

export async function getRoom(db: Db, roomId: string): Promise<Room | null> {
  if (!isUuid(roomId)) return null;
  const [row] = await db.select().from(rooms).where(eq(rooms.id, roomId));
  return row ? loadRoom(db, row) : null;
}

/** Rooms the user is a member of, newest first. */
export async function listRoomsForUser(db: Db, userId: string): Promise<Room[]> {
  if (!isUuid(userId)) return [];
  const rows = await db
    .select({ room: rooms })
    .from(rooms)
    .innerJoin(roomMembers, eq(roomMembers.roomId, rooms.id))
    .where(eq(roomMembers.userId, userId))
    .orderBy(desc(rooms.createdAt));
  return loadRooms(
    db,
    rows.map((r) => r.room),
  );
}

/** Every room, newest first (admin look-up). */
export async function listRooms(db: Db, options: { limit?: number; offset?: number } = {}): Promise<Room[]> {
  const rows = await db
    .select()
    .from(rooms)
    .orderBy(desc(rooms.createdAt))
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0);
  return loadRooms(db, rows);
}

export async function findRoomByInviteCode(db: Db, inviteCode: string): Promise<Room | null> {
  const [row] = await db.select().from(rooms).where(eq(rooms.inviteCode, inviteCode.trim().toUpperCase()));
  return row ? loadRoom(db, row) : null;
}

export async function isMember(db: Db, roomId: string, userId: string): Promise<boolean> {
  if (!isUuid(roomId) || !isUuid(userId)) return false;
  const [row] = await db
    .select({ seat: roomMembers.seat })
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)));
  return row !== undefined;
}

export type JoinRoomResult =
  | { ok: true; room: Room; joined: boolean }
  | Refusal<'NOT_FOUND' | 'ROOM_FINISHED'>;

/** Idempotent: a member joining again gets the room back. New members take the next seat. */
export async function joinRoom(
  db: Db,
  input: { inviteCode: string; userId: string },
): Promise<JoinRoomResult> {
  if (!isUuid(input.userId)) return { ok: false, code: 'NOT_FOUND' };
  const code = input.inviteCode.trim().toUpperCase();
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.inviteCode, code));
    if (!found) return { ok: false, code: 'NOT_FOUND' } as const;
    const room = (await lockRoom(tx, found.id))!;
    const [existing] = await tx
      .select()
      .from(roomMembers)
      .where(and(eq(roomMembers.roomId, room.id), eq(roomMembers.userId, input.userId)));
    if (existing) return { ok: true, room: await loadRoom(tx, room), joined: false } as const;
    if (room.status === 'finished') return { ok: false, code: 'ROOM_FINISHED' } as const;
    const [last] = await tx
      .select({ seat: max(roomMembers.seat) })
      .from(roomMembers)
      .where(eq(roomMembers.roomId, room.id));
    await tx
      .insert(roomMembers)
      .values({ roomId: room.id, userId: input.userId, seat: (last?.seat ?? -1) + 1 });
    return { ok: true, room: await loadRoom(tx, room), joined: true } as const;
  });
}

/** Owner or admin. */
async function mayManage(tx: Db, room: { ownerId: string }, actorId: string): Promise<boolean> {
  if (room.ownerId === actorId) return true;
  if (!isUuid(actorId)) return false;
  const [actor] = await tx.select({ role: users.role }).from(users).where(eq(users.id, actorId));
  return actor?.role === 'admin';
}

export type RoomActionResult = { ok: true; room: Room } | Refusal<'NOT_FOUND' | 'FORBIDDEN'>;

/**
 * Passes an idle player's turn. Refused with STALE_TURN when `turnNonce` is not the current turn,
 * so two owners' clicks (or a click racing a commit) skip at most one turn.
 */
export async function skipTurn(
  db: Db,
  input: { roomId: string; turnNonce: string; actorId: string },
): Promise<{ ok: true; room: Room } | Refusal<'NOT_FOUND' | 'FORBIDDEN' | 'STALE_TURN' | 'ROOM_FINISHED'>> {
  if (!isUuid(input.roomId)) return { ok: false, code: 'NOT_FOUND' };
  return db.transaction(async (tx) => {
    const room = await lockRoom(tx, input.roomId);
    if (!room) return { ok: false, code: 'NOT_FOUND' } as const;
    if (!(await mayManage(tx, room, input.actorId))) return { ok: false, code: 'FORBIDDEN' } as const;
    if (room.status === 'finished') return { ok: false, code: 'ROOM_FINISHED' } as const;
    if (room.turnNonce !== input.turnNonce) return { ok: false, code: 'STALE_TURN' } as const;
    const updated = await advanceTurn(tx, room);
    await writeAudit(tx, {
      actorId: input.actorId,
      action: 'room.skip_turn',
      targetType: 'room',
      targetId: room.id,
      data: { seat: room.turnSeat, turnNumber: room.turnNumber },
    });
    return { ok: true, room: await loadRoom(tx, updated) } as const;
  });
}

/** Owner or admin; idempotent. A running step may still commit into a finished room. */
export async function finishRoom(
  db: Db,
  input: { roomId: string; actorId: string },
): Promise<RoomActionResult> {
  if (!isUuid(input.roomId)) return { ok: false, code: 'NOT_FOUND' };
  return db.transaction(async (tx) => {
    const room = await lockRoom(tx, input.roomId);
    if (!room) return { ok: false, code: 'NOT_FOUND' } as const;
    if (!(await mayManage(tx, room, input.actorId))) return { ok: false, code: 'FORBIDDEN' } as const;
    if (room.status === 'finished') return { ok: true, room: await loadRoom(tx, room) } as const;
    const [updated] = await tx
      .update(rooms)
      .set({ status: 'finished', finishedAt: new Date() })
      .where(eq(rooms.id, room.id))
      .returning();
    await writeAudit(tx, {
      actorId: input.actorId,
      action: 'room.finish',
      targetType: 'room',
      targetId: room.id,
    });
    return { ok: true, room: await loadRoom(tx, updated!) } as const;
  });
}

/** Owner or admin. If it was the removed member's turn, the turn moves on. The owner stays. */
export async function removeMember(
  db: Db,
  input: { roomId: string; userId: string; actorId: string },
): Promise<{ ok: true; room: Room } | Refusal<'NOT_FOUND' | 'FORBIDDEN' | 'CANNOT_REMOVE_OWNER'>> {
  if (!isUuid(input.roomId) || !isUuid(input.userId)) return { ok: false, code: 'NOT_FOUND' };
  return db.transaction(async (tx) => {
    let room = await lockRoom(tx, input.roomId);
    if (!room) return { ok: false, code: 'NOT_FOUND' } as const;
    if (!(await mayManage(tx, room, input.actorId))) return { ok: false, code: 'FORBIDDEN' } as const;
    if (input.userId === room.ownerId) return { ok: false, code: 'CANNOT_REMOVE_OWNER' } as const;
    const removed = await tx
      .delete(roomMembers)
      .where(and(eq(roomMembers.roomId, room.id), eq(roomMembers.userId, input.userId)))
      .returning({ seat: roomMembers.seat });
    const seat = removed[0]?.seat;
    if (seat === undefined) return { ok: false, code: 'NOT_FOUND' } as const;
    if (seat === room.turnSeat) room = await advanceTurn(tx, room);
    await writeAudit(tx, {
      actorId: input.actorId,
      action: 'room.remove_member',
      targetType: 'room',
      targetId: room.id,
      data: { userId: input.userId, seat },
    });
    return { ok: true, room: await loadRoom(tx, room) } as const;
  });
}
