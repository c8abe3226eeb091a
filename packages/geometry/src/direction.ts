/** The four ways a canvas can grow; each step adds one 512-px strip on that side. */
export type Direction = 'right' | 'left' | 'up' | 'down';

/** Axis of a world coordinate. */
export type Axis = 'x' | 'y';

export const DIRECTIONS: readonly Direction[] = Object.freeze(['right', 'left', 'up', 'down']);

export function isDirection(value: unknown): value is Direction {
  return value === 'right' || value === 'left' || value === 'up' || value === 'down';
}

/** The axis the canvas grows along: `x` for right/left, `y` for up/down. */
export function growthAxis(direction: Direction): Axis {
  return direction === 'right' || direction === 'left' ? 'x' : 'y';
}

/** The axis the growing edge runs along (tiles are laid out along it). */
export function edgeAxis(direction: Direction): Axis {
  return growthAxis(direction) === 'x' ? 'y' : 'x';
}

/** True when growth moves towards negative coordinates (left, up): the origin moves. */
export function growsTowardsNegative(direction: Direction): boolean {
  return direction === 'left' || direction === 'up';
}

export function oppositeDirection(direction: Direction): Direction {
  switch (direction) {
    case 'right':
      return 'left';
    case 'left':
      return 'right';
    case 'up':
      return 'down';
    case 'down':
      return 'up';
  }
}
