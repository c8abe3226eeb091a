import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { RoomDto } from '../contract.js';
import type { AppDeps } from '../deps.js';
import { stepViewFor } from '../dto/mappers.js';
import type { BusEvent } from '../events/bus.js';
import { redactEvent } from '../events/redact.js';
import type { AppEnv } from '../http/env.js';
import { roomAccess } from '../http/room-access.js';
import { roomIdParam } from '../http/schemas.js';
import { requireUser } from '../http/session.js';
import { validate } from '../http/validate.js';

export const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for a room's members. A reconnecting client sends Last-Event-ID and first
 * receives what it missed (from the store, so any replica can serve it), then live events.
 */
export function eventRoutes(deps: AppDeps, options: { heartbeatMs?: number } = {}) {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  return new Hono<AppEnv>().get(
    '/rooms/:roomId/events',
    roomAccess(deps.db),
    validate('param', roomIdParam),
    (c) => {
      const user = requireUser(c);
      const room = c.get('room');
      let view = stepViewFor(room, user);
      const lastEventId = parseLastEventId(c.req.header('Last-Event-ID') ?? c.req.query('lastEventId'));

      return streamSSE(c, async (stream) => {
        let cursor = lastEventId ?? 0;
        let closed = false;
        let sending = Promise.resolve();
        let finish: () => void = () => {};
        const done = new Promise<void>((resolve) => {
          finish = resolve;
        });
        const close = () => {
          closed = true;
          finish();
        };

        const send = (event: BusEvent) => {
          sending = sending
            .then(async () => {
              if (closed || event.id <= cursor) return;
              cursor = event.id;
              if (event.name === 'room.updated' || event.name === 'member.joined') {
                const updated = (event.data as { room: RoomDto }).room;
                view = stepViewFor({ mode: updated.mode, status: updated.status }, user);
                const stillSees = user.role === 'admin' || updated.members.some((m) => m.userId === user.id);
                if (!stillSees) {
                  close();
                  return;
                }
              }
              await stream.writeSSE({
                id: String(event.id),
                event: event.name,
                data: JSON.stringify(redactEvent(event, view)),
              });
            })
            .catch(close);
        };

        // Subscribe before replaying so nothing falls between the two; `cursor` drops duplicates.
        const pending: BusEvent[] = [];
        let replaying = true;
        const unsubscribe = deps.events.subscribe(
          room.id,
          (event) => (replaying ? pending.push(event) : send(event)),
          lastEventId ?? undefined,
        );
        stream.onAbort(close);
        const heartbeat = setInterval(() => {
          sending = sending
            .then(async () => {
              if (!closed) await stream.write(': heartbeat\n\n');
            })
            .catch(close);
        }, heartbeatMs);
        try {
          // An opening comment flushes the headers so the client sees the stream open at once.
          await stream.write(': connected\n\n');
          if (lastEventId !== null)
            for (const event of await deps.events.replay(room.id, lastEventId)) send(event);
          replaying = false;
          for (const event of pending.splice(0)) send(event);
          await done;
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
          await sending.catch(() => {});
        }
      });
    },
  );
}

function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}
