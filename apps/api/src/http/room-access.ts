import { type Database, getReadableCanvas, getRoom, type Room, type User } from '@exquisite/store';
import { createMiddleware } from 'hono/factory';
import { notFound } from '../errors.js';
import type { AppEnv } from './env.js';
import { requireUser } from './session.js';

/**
 * Guards every /rooms/:roomId route: anonymous → 401; unknown, malformed or not-a-member → 404
 * (a room's existence is not revealed to outsiders). Admins may read every room. Runs before body
 * validation so an outsider learns nothing from a 400 either.
 */
export function roomAccess(database: Database) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = requireUser(c);
    const room = await getRoom(database.db, c.req.param('roomId') ?? '');
    if (!room || !canSee(room, user)) throw notFound('Room');
    c.set('room', room);
    await next();
  });
}

/**
 * The same guard for canvas and tile reads, in one small query: whether the room exists and the
 * user is a member (or admin), without loading members and the active step, which reads never
 * use. Tile GETs are the busiest route by far; the pipeline's read functions check again (and
 * decide folded-mode visibility) on every request, so nothing here is cached.
 */
export function roomReadAccess(database: Database) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = requireUser(c);
    const room = await getReadableCanvas(database.db, c.req.param('roomId') ?? '', user.id);
    if (!room || !(user.role === 'admin' || room.isMember)) throw notFound('Room');
    c.set('readableRoom', { id: room.roomId, head: room.head });
    await next();
  });
}

/**
 * Tile GETs, the busiest route by far: the pipeline's tile read checks membership (or admin) on
 * every request, so a tile that is served needs no second look-up here. Only an error answer
 * (400, 404) is followed by the room access check, so that an outsider still gets exactly what
 * `roomAccess` gives — 404 "Room not found", never a 400 or a "Cell not found" that would tell
 * that the room exists.
 */
export function roomReadAccessOnRefusal(database: Database) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = requireUser(c);
    await next();
    if (c.res.status !== 400 && c.res.status !== 404) return;
    const room = await getReadableCanvas(database.db, c.req.param('roomId') ?? '', user.id);
    if (!room || !(user.role === 'admin' || room.isMember)) throw notFound('Room');
  });
}

export function isMemberOf(room: Room, userId: string): boolean {
  return room.members.some((m) => m.userId === userId);
}

export function canSee(room: Room, user: User): boolean {
  return user.role === 'admin' || isMemberOf(room, user.id);
}
