import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { canvasCells, roomMembers, rooms, steps, users } from '../schema/index.js';
import { newTurnNonce } from './ids.js';
import { toRoom, toStep } from './mappers.js';
import { nextSeat } from './turns.js';
import type { CellRef, Member, Room } from './types.js';

type RoomRow = typeof rooms.$inferSelect;

/** Rooms with members (seat order) and their running step, in three queries whatever the count. */
export async function loadRooms(db: Db, rows: RoomRow[]): Promise<Room[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const memberRows = await db
    .select({
      roomId: roomMembers.roomId,
      userId: roomMembers.userId,
      seat: roomMembers.seat,
      displayName: users.displayName,
    })
    .from(roomMembers)
    .innerJoin(users, eq(users.id, roomMembers.userId))
    .where(inArray(roomMembers.roomId, ids))
    .orderBy(asc(roomMembers.seat));
  const running = await db
    .select()
    .from(steps)
    .where(and(inArray(steps.roomId, ids), eq(steps.status, 'running')));
  const membersByRoom = new Map<string, Member[]>();
  for (const m of memberRows) {
    const list = membersByRoom.get(m.roomId) ?? [];
    list.push({ userId: m.userId, displayName: m.displayName, seat: m.seat });
    membersByRoom.set(m.roomId, list);
  }
  return rows.map((row) => {
    const active = running.find((s) => s.roomId === row.id);
    return toRoom(row, membersByRoom.get(row.id) ?? [], active ? toStep(active) : null);
  });
}

export async function loadRoom(db: Db, row: RoomRow): Promise<Room> {
  const [room] = await loadRooms(db, [row]);
  return room!;
}

/** Locks the room row: every turn-changing transaction on a room takes this first, so they serialise. */
export async function lockRoom(tx: Db, roomId: string): Promise<RoomRow | undefined> {
  const [row] = await tx.select().from(rooms).where(eq(rooms.id, roomId)).for('update');
  return row;
}

/** Moves the turn to the next occupied seat with a fresh nonce (inside the caller's room lock). */
export async function advanceTurn(
  tx: Db,
  room: typeof rooms.$inferSelect,
): Promise<typeof rooms.$inferSelect> {
  const seats = await tx
    .select({ seat: roomMembers.seat })
    .from(roomMembers)
    .where(eq(roomMembers.roomId, room.id));
  const [updated] = await tx
    .update(rooms)
    .set({
      turnSeat: nextSeat(
        seats.map((s) => s.seat),
        room.turnSeat,
      ),
      turnNonce: newTurnNonce(),
      turnNumber: room.turnNumber + 1,
    })
    .where(eq(rooms.id, room.id))
    .returning();
  return updated!;
}

export async function insertCells(tx: Db, roomId: string, version: number, cells: CellRef[]): Promise<void> {
  // Chunked so a large starting pyramid stays under the bind-parameter limit.
  for (let i = 0; i < cells.length; i += 1000) {
    const chunk = cells.slice(i, i + 1000).map((c) => ({ roomId, version, ...c }));
    await tx.insert(canvasCells).values(chunk);
  }
}
