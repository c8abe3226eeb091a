import { appendRoomEvent, type Database, listRoomEventsAfter } from '@exquisite/store';
import type { RoomEventMap, RoomEventName } from '../contract.js';
import type { Logger } from '../logger.js';

export const ROOM_EVENTS_CHANNEL = 'exq_room_events';

export interface BusEvent {
  id: number;
  roomId: string;
  name: RoomEventName;
  data: unknown;
}

export type BusListener = (event: BusEvent) => void;

/**
 * Room events, fanned out across replicas. Publishing persists the event (its row id is the SSE
 * event id, global and replayable) and NOTIFYs every replica; each replica LISTENs, reads the new
 * rows of the rooms its own clients watch, and hands them to those clients. The notification only
 * carries (roomId, id): payloads stay in the table, so NOTIFY's 8 KB limit never matters, and a
 * notification lost to a reconnect is caught up by the next one (reads go from a cursor).
 */
export interface EventBus {
  publish<N extends RoomEventName>(roomId: string, name: N, data: RoomEventMap[N]): Promise<number>;
  /** Events after `afterId`, oldest first (Last-Event-ID replay). */
  replay(roomId: string, afterId: number): Promise<BusEvent[]>;
  /**
   * Live events of one room; returns the unsubscribe function. `sinceId` (the last id the caller
   * has) lets a fresh channel read from there rather than from the first notification it sees.
   */
  subscribe(roomId: string, listener: BusListener, sinceId?: number): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface RoomChannel {
  listeners: Set<BusListener>;
  /** Highest event id already read for this room on this replica; null until the first notification. */
  cursor: number | null;
  /** Reads are chained so events reach listeners once and in order. */
  reading: Promise<void>;
}

export function createEventBus(database: Database, logger: Logger): EventBus {
  const channels = new Map<string, RoomChannel>();
  let unlisten: (() => Promise<void>) | null = null;

  const toBusEvent = (row: { id: number; roomId: string; type: string; data: unknown }): BusEvent => ({
    id: row.id,
    roomId: row.roomId,
    name: row.type as RoomEventName,
    data: row.data,
  });

  const onNotification = (payload: string) => {
    let note: { roomId?: unknown; id?: unknown };
    try {
      note = JSON.parse(payload) as typeof note;
    } catch {
      return;
    }
    if (typeof note.roomId !== 'string' || typeof note.id !== 'number') return;
    const channel = channels.get(note.roomId);
    if (!channel) return;
    const { roomId, id } = note as { roomId: string; id: number };
    channel.reading = channel.reading.then(async () => {
      const after = channel.cursor ?? id - 1;
      if (id <= after) return;
      try {
        const rows = await listRoomEventsAfter(database.db, roomId, after);
        for (const row of rows) {
          channel.cursor = Math.max(channel.cursor ?? 0, row.id);
          const event = toBusEvent(row);
          for (const listener of channel.listeners) listener(event);
        }
      } catch (error) {
        logger.warn('room events read failed', { roomId, error });
      }
    });
  };

  return {
    async publish(roomId, name, data) {
      const id = await appendRoomEvent(database.db, roomId, name, data);
      await database.notify(ROOM_EVENTS_CHANNEL, JSON.stringify({ roomId, id }));
      return id;
    },
    async replay(roomId, afterId) {
      const rows = await listRoomEventsAfter(database.db, roomId, afterId);
      return rows.map(toBusEvent);
    },
    subscribe(roomId, listener, sinceId) {
      let channel = channels.get(roomId);
      if (!channel) {
        channel = { listeners: new Set(), cursor: sinceId ?? null, reading: Promise.resolve() };
        channels.set(roomId, channel);
      }
      channel.listeners.add(listener);
      const owned = channel;
      return () => {
        owned.listeners.delete(listener);
        if (owned.listeners.size === 0 && channels.get(roomId) === owned) channels.delete(roomId);
      };
    },
    async start() {
      unlisten ??= await database.listen(ROOM_EVENTS_CHANNEL, onNotification);
    },
    async stop() {
      const stopListening = unlisten;
      unlisten = null;
      channels.clear();
      if (stopListening) await stopListening().catch(() => {});
    },
  };
}
