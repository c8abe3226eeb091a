import { frontierStrip, type Rect } from '@exquisite/geometry';
import type { Room } from '@exquisite/store';

/**
 * What of a canvas may be seen. The one place folded-mode visibility is decided: until a folded
 * room is finished, every reader (players and admins alike, so nobody spoils the reveal by
 * accident) sees only the last strip along the room's direction — the strip the next player
 * continues; once finished, everything.
 */
export function visibleRect(room: Pick<Room, 'mode' | 'status' | 'direction'>, canvas: Rect): Rect {
  // A plain Rect either way: callers pass canvas refs that carry more (a version) and the
  // visible rect is serialised as is.
  if (!isFolded(room) || room.direction === null) {
    return { x: canvas.x, y: canvas.y, width: canvas.width, height: canvas.height };
  }
  return frontierStrip(canvas, room.direction);
}

/** Whether a folded room still hides part of its canvas. */
export function isFolded(room: Pick<Room, 'mode' | 'status'>): boolean {
  return room.mode === 'folded' && room.status !== 'finished';
}
