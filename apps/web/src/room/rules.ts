import { DIRECTIONS, type Direction, frontierStrip, planStep, type Rect } from '@exquisite/geometry';
import type { RoomDto } from '../api/contract.js';

/**
 * Directions the current player may pick: a folded room grows only its fixed way; an open
 * room any way whose result stays within the room's size limits. (The server re-checks.)
 */
export function allowedDirections(
  room: Pick<RoomDto, 'mode' | 'direction' | 'canvas' | 'limits'>,
): Direction[] {
  const candidates: readonly Direction[] =
    room.mode === 'folded' && room.direction ? [room.direction] : DIRECTIONS;
  return candidates.filter((direction) => {
    const { after } = planStep(room.canvas, direction);
    return after.width <= room.limits.maxWidth && after.height <= room.limits.maxHeight;
  });
}

/**
 * The part of the canvas a member may see: everything in an open or finished room; in a
 * folded room still being played, only the last strip (the server serves nothing else).
 */
export function visibleRect(room: Pick<RoomDto, 'mode' | 'direction' | 'status' | 'canvas'>): Rect {
  if (room.mode === 'folded' && room.status === 'open' && room.direction) {
    return frontierStrip(room.canvas, room.direction);
  }
  return room.canvas;
}

export function isFoldedAndHidden(room: Pick<RoomDto, 'mode' | 'status'>): boolean {
  return room.mode === 'folded' && room.status === 'open';
}

export function isMyTurn(
  room: Pick<RoomDto, 'turn' | 'status' | 'activeStep'>,
  userId: string | undefined,
): boolean {
  return room.status === 'open' && room.activeStep === null && room.turn.userId === userId;
}

export function memberName(room: Pick<RoomDto, 'members'>, userId: string): string {
  return room.members.find((m) => m.userId === userId)?.displayName ?? 'someone who left';
}
