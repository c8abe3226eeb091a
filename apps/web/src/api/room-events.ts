import { apiUrls } from './client.js';
import type { RoomEventMap, RoomEventName } from './contract.js';

export const ROOM_EVENT_NAMES: readonly RoomEventName[] = [
  'room.updated',
  'member.joined',
  'step.started',
  'step.progress',
  'step.committed',
  'step.failed',
];

/** One decoded server-sent event, discriminated by name. */
export type RoomEvent = { [K in RoomEventName]: { name: K; data: RoomEventMap[K] } }[RoomEventName];

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface RoomEventHandlers {
  onEvent: (event: RoomEvent) => void;
  onConnection?: (state: ConnectionState) => void;
}

/**
 * Subscribes to a room's live events. EventSource reconnects by itself and sends
 * `Last-Event-ID`, so the server replays what was missed; on every (re)open the caller
 * should still refetch the room, in case the server no longer had the missed events.
 * Returns the unsubscribe function.
 */
export function subscribeRoomEvents(
  roomId: string,
  handlers: RoomEventHandlers,
  createSource: (url: string) => EventSource = (url) => new EventSource(url, { withCredentials: true }),
): () => void {
  const source = createSource(apiUrls.events(roomId));
  handlers.onConnection?.('connecting');
  source.onopen = () => handlers.onConnection?.('open');
  source.onerror = () => handlers.onConnection?.('reconnecting');
  for (const name of ROOM_EVENT_NAMES) {
    source.addEventListener(name, (message) => {
      let data: unknown;
      try {
        data = JSON.parse((message as MessageEvent<string>).data);
      } catch {
        return; // a malformed event is dropped; the next refetch heals the state
      }
      handlers.onEvent({ name, data } as RoomEvent);
    });
  }
  return () => source.close();
}
