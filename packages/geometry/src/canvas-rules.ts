import { CELL_PX, MAX_FEATHER_PX, TILE_PX } from './constants.js';
import { DIRECTIONS, type Direction, isDirection } from './direction.js';
import type { Rect } from './rect.js';

/** The frame rules a canvas, a direction and a feather must obey. */
export type FrameRule =
  | 'canvas-integer'
  | 'canvas-multiple-of-512'
  | 'canvas-min-size'
  | 'feather-integer'
  | 'feather-range'
  | 'direction-known';

/**
 * A broken frame rule. It is a `RangeError` (the contract says so) that also names the
 * rule as data, so callers can map it to their own error codes without parsing text.
 */
export class FrameRuleError extends RangeError {
  override readonly name = 'FrameRuleError';
  readonly rule: FrameRule;

  constructor(rule: FrameRule, message: string) {
    super(`[${rule}] ${message}`);
    this.rule = rule;
  }
}

const CANVAS_FIELDS = ['x', 'y', 'width', 'height'] as const;

/** Throws a {@link FrameRuleError} unless `canvas` is a legal canvas frame. */
export function assertCanvas(canvas: Rect): void {
  for (const field of CANVAS_FIELDS) {
    const value = canvas[field];
    if (!Number.isInteger(value)) {
      throw new FrameRuleError('canvas-integer', `canvas.${field} must be an integer, got ${String(value)}`);
    }
  }
  for (const field of CANVAS_FIELDS) {
    // `% CELL_PX` of a negative multiple is -0, which `!== 0` treats as zero: fine.
    if (canvas[field] % CELL_PX !== 0) {
      throw new FrameRuleError(
        'canvas-multiple-of-512',
        `canvas.${field} must be a multiple of ${CELL_PX}, got ${canvas[field]}`,
      );
    }
  }
  if (canvas.width < TILE_PX || canvas.height < TILE_PX) {
    throw new FrameRuleError(
      'canvas-min-size',
      `canvas must be at least ${TILE_PX}×${TILE_PX}, got ${canvas.width}×${canvas.height}`,
    );
  }
}

/** Throws a {@link FrameRuleError} unless `featherPx` is an integer in 0…512. */
export function assertFeather(featherPx: number): void {
  if (!Number.isInteger(featherPx)) {
    throw new FrameRuleError('feather-integer', `featherPx must be an integer, got ${String(featherPx)}`);
  }
  if (featherPx < 0 || featherPx > MAX_FEATHER_PX) {
    throw new FrameRuleError(
      'feather-range',
      `featherPx must be within 0…${MAX_FEATHER_PX}, got ${featherPx}`,
    );
  }
}

/** Throws a {@link FrameRuleError} unless `direction` is one of the four directions. */
export function assertDirection(direction: unknown): asserts direction is Direction {
  if (!isDirection(direction)) {
    throw new FrameRuleError(
      'direction-known',
      `direction must be one of ${DIRECTIONS.join(', ')}, got ${String(direction)}`,
    );
  }
}

/** True when `canvas` obeys every frame rule. */
export function isValidCanvas(canvas: Rect): boolean {
  try {
    assertCanvas(canvas);
    return true;
  } catch {
    return false;
  }
}
