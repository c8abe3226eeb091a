import type { Direction } from '@exquisite/geometry';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { canvasVersions, type RoomMode, type RoomStatus, roomMembers, rooms } from '../schema/index.js';
import { isUuid } from './ids.js';
import type { CanvasRef } from './types.js';

/**
 * Everything a canvas read must check, in one query: the room's visibility inputs, whether the
 * user is a member, and the requested version's rect. Canvas and tile reads are by far the most
 * frequent requests, and on embedded PGlite (one single-threaded WASM instance) every query is
 * paid in full, so the read path asks once instead of loading the whole room (members, active
 * step) and then its version and membership separately.
 */
export interface ReadableCanvas {
  roomId: string;
  mode: RoomMode;
  status: RoomStatus;
  direction: Direction | null;
  /** The room's head version. */
  head: number;
  isMember: boolean;
  /** The requested version (the head when none was asked for); null when it does not exist. */
  canvas: CanvasRef | null;
}

/** Null when the room does not exist (or the id is malformed). Membership is reported, not enforced. */
export async function getReadableCanvas(
  db: Db,
  roomId: string,
  userId: string,
  version?: number,
): Promise<ReadableCanvas | null> {
  if (!isUuid(roomId)) return null;
  const statements = preparedFor(db);
  // The nil UUID is nobody's id: a malformed user id is simply not a member.
  const user = isUuid(userId) ? userId : NOBODY;
  const [row] =
    version === undefined
      ? await statements.head.execute({ roomId, userId: user })
      : await statements.pinned.execute({ roomId, userId: user, version });
  if (!row) return null;
  const { version: found, x, y, width, height, ...room } = row;
  const canvas =
    found === null || x === null || y === null || width === null || height === null
      ? null
      : { version: found, x, y, width, height };
  return { ...room, direction: room.direction as Direction | null, canvas };
}

const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * Built once per database handle: the read path is hot enough that building the SQL on every
 * call (drizzle's query builder) costs as much as PGlite running it.
 */
function prepare(db: Db, pinned: boolean) {
  const wanted = pinned ? sql.placeholder('version') : rooms.canvasVersion;
  return db
    .select({
      roomId: rooms.id,
      mode: rooms.mode,
      status: rooms.status,
      direction: rooms.direction,
      head: rooms.canvasVersion,
      isMember: sql<boolean>`exists (select 1 from ${roomMembers} where ${and(
        eq(roomMembers.roomId, rooms.id),
        eq(roomMembers.userId, sql.placeholder('userId')),
      )})`.mapWith(Boolean),
      version: canvasVersions.version,
      x: canvasVersions.x,
      y: canvasVersions.y,
      width: canvasVersions.width,
      height: canvasVersions.height,
    })
    .from(rooms)
    .leftJoin(canvasVersions, and(eq(canvasVersions.roomId, rooms.id), eq(canvasVersions.version, wanted)))
    .where(eq(rooms.id, sql.placeholder('roomId')))
    .prepare(pinned ? 'exq_readable_canvas_pinned' : 'exq_readable_canvas_head');
}

type Prepared = ReturnType<typeof prepare>;
const prepared = new WeakMap<Db, { head: Prepared; pinned: Prepared }>();

function preparedFor(db: Db): { head: Prepared; pinned: Prepared } {
  let statements = prepared.get(db);
  if (statements === undefined) {
    statements = { head: prepare(db, false), pinned: prepare(db, true) };
    prepared.set(db, statements);
  }
  return statements;
}
