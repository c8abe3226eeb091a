import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { roomEvents } from '../schema/index.js';
import { isUuid } from './ids.js';
import type { RoomEvent } from './types.js';

/** Appends an event for SSE replay; the id is the SSE event id (monotonic across replicas). */
export async function appendRoomEvent(db: Db, roomId: string, type: string, data: unknown): Promise<number> {
  const [row] = await db.insert(roomEvents).values({ roomId, type, data }).returning({ id: roomEvents.id });
  return row!.id;
}

/** Events after `afterId` (a Last-Event-ID), oldest first. */
export async function listRoomEventsAfter(
  db: Db,
  roomId: string,
  afterId: number,
  limit = 500,
): Promise<RoomEvent[]> {
  if (!isUuid(roomId)) return [];
  return db
    .select()
    .from(roomEvents)
    .where(and(eq(roomEvents.roomId, roomId), gt(roomEvents.id, afterId)))
    .orderBy(asc(roomEvents.id))
    .limit(limit);
}
