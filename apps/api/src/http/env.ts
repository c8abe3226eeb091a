import type { Room, User } from '@exquisite/store';

/** Per-request values set by the app's middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The signed-in user (role already reconciled with EXQUISITE_ADMIN_EMAILS), or null. */
    user: User | null;
    sessionId: string | null;
    /** Set by `roomAccess` on routes under /rooms/:roomId. */
    room: Room;
    /** Set by `roomReadAccess` on canvas and tile routes (the room id and its head version). */
    readableRoom: { id: string; head: number };
  };
}
