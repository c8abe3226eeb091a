import { finishRoom, getRoom, joinRoom, listRoomsForUser, removeMember, skipTurn } from '@exquisite/store';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { stepViewFor, toMemberDto, toRoomDto } from '../dto/mappers.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { roomAccess } from '../http/room-access.js';
import { createRoomForm, joinBody, memberParam, roomIdParam, skipTurnBody } from '../http/schemas.js';
import { requireUser } from '../http/session.js';
import { validate } from '../http/validate.js';

/** Rooms: create (upload / prompt / starter), list, read, join, and the owner's controls. */
export function roomRoutes(deps: AppDeps) {
  const { db, pipeline, events } = deps;
  const access = roomAccess(db);

  return new Hono<AppEnv>()
    .post('/rooms', validate('form', createRoomForm), async (c) => {
      const user = requireUser(c);
      const form = c.req.valid('form');
      const start = form.image
        ? ({ kind: 'upload', bytes: new Uint8Array(await form.image.arrayBuffer()) } as const)
        : form.prompt
          ? ({ kind: 'prompt', prompt: form.prompt } as const)
          : ({ kind: 'starter' } as const);
      const outcome = await pipeline.createRoom({
        ownerId: user.id,
        name: form.name,
        mode: form.mode,
        // A folded room grows one way; rightwards unless the owner chose otherwise.
        direction: form.mode === 'folded' ? (form.direction ?? 'right') : null,
        maxTurns: form.maxTurns ?? null,
        start,
        settings: {
          ...(form.colorTransfer ? { colorTransfer: form.colorTransfer } : {}),
          ...(form.referenceHeadroom !== undefined ? { referenceHeadroom: form.referenceHeadroom } : {}),
        },
      });
      if (!outcome.ok) {
        switch (outcome.code) {
          case 'UNSUPPORTED_IMAGE':
            throw new ApiError(415, 'UNSUPPORTED_IMAGE', outcome.message);
          case 'TOO_LARGE':
            throw new ApiError(413, 'TOO_LARGE', outcome.message);
          case 'INSUFFICIENT_CREDITS':
            throw new ApiError(402, 'INSUFFICIENT_CREDITS', outcome.message);
          case 'GENERATOR_FAILED':
            throw new ApiError(502, 'GENERATOR_FAILED', outcome.message);
        }
      }
      const room = await getRoom(db.db, outcome.roomId);
      if (!room) throw new Error(`room ${outcome.roomId} vanished after creation`);
      return c.json({ room: toRoomDto(room, stepViewFor(room, user)) }, 201);
    })
    .get('/rooms', async (c) => {
      const user = requireUser(c);
      const rooms = await listRoomsForUser(db.db, user.id);
      return c.json({ rooms: rooms.map((room) => toRoomDto(room, stepViewFor(room, user))) }, 200);
    })
    .post('/rooms/join', validate('json', joinBody), async (c) => {
      const user = requireUser(c);
      const joined = await joinRoom(db.db, { inviteCode: c.req.valid('json').inviteCode, userId: user.id });
      if (!joined.ok) {
        if (joined.code === 'ROOM_FINISHED')
          throw new ApiError(409, 'ROOM_FINISHED', 'The room has finished');
        throw notFound('Room');
      }
      const room = toRoomDto(joined.room);
      if (joined.joined) {
        const member = joined.room.members.find((m) => m.userId === user.id);
        if (member) await events.publish(room.id, 'member.joined', { room, member: toMemberDto(member) });
      }
      return c.json({ room: toRoomDto(joined.room, stepViewFor(joined.room, user)) }, 200);
    })
    .get('/rooms/:roomId', access, validate('param', roomIdParam), (c) => {
      const room = c.get('room');
      return c.json({ room: toRoomDto(room, stepViewFor(room, requireUser(c))) }, 200);
    })
    .post(
      '/rooms/:roomId/skip-turn',
      access,
      validate('param', roomIdParam),
      validate('json', skipTurnBody),
      async (c) => {
        const user = requireUser(c);
        const result = await skipTurn(db.db, {
          roomId: c.get('room').id,
          turnNonce: c.req.valid('json').turnNonce,
          actorId: user.id,
        });
        if (!result.ok) {
          switch (result.code) {
            case 'FORBIDDEN':
              throw forbidden('Only the owner or an admin can skip a turn');
            case 'STALE_TURN':
              throw new ApiError(409, 'STALE_TURN', 'The turn has already moved on');
            case 'ROOM_FINISHED':
              throw new ApiError(409, 'ROOM_FINISHED', 'The room has finished');
            default:
              throw notFound('Room');
          }
        }
        await events.publish(result.room.id, 'room.updated', { room: toRoomDto(result.room) });
        return c.json({ room: toRoomDto(result.room, stepViewFor(result.room, user)) }, 200);
      },
    )
    .post('/rooms/:roomId/finish', access, validate('param', roomIdParam), async (c) => {
      const user = requireUser(c);
      const result = await finishRoom(db.db, { roomId: c.get('room').id, actorId: user.id });
      if (!result.ok) {
        if (result.code === 'FORBIDDEN') throw forbidden('Only the owner or an admin can finish the room');
        throw notFound('Room');
      }
      await events.publish(result.room.id, 'room.updated', { room: toRoomDto(result.room) });
      return c.json({ room: toRoomDto(result.room, stepViewFor(result.room, user)) }, 200);
    })
    .delete('/rooms/:roomId/members/:userId', access, validate('param', memberParam), async (c) => {
      const user = requireUser(c);
      const result = await removeMember(db.db, {
        roomId: c.get('room').id,
        userId: c.req.valid('param').userId,
        actorId: user.id,
      });
      if (!result.ok) {
        switch (result.code) {
          case 'FORBIDDEN':
            throw forbidden('Only the owner or an admin can remove a member');
          case 'CANNOT_REMOVE_OWNER':
            throw forbidden('The owner cannot be removed');
          default:
            throw notFound('Member');
        }
      }
      await events.publish(result.room.id, 'room.updated', { room: toRoomDto(result.room) });
      return c.json({ room: toRoomDto(result.room, stepViewFor(result.room, user)) }, 200);
    });
}
