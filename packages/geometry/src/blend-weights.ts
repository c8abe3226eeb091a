import { assertFeather } from './canvas-rules.js';
import { TILE_PX, WEIGHT_MAX } from './constants.js';
import { type TilePlan, tileLocalUnknown } from './plan-step.js';
import { intersectRect, type Rect } from './rect.js';

/** Width and height of a plane of per-pixel values. */
export interface PlaneSize {
  width: number;
  height: number;
}

/**
 * The blend weight of a pixel at Chebyshev distance `d` from the nearest unknown pixel.
 * 255 for unknown pixels (d = 0), 0 beyond the feather, and in between the exact
 * rational 255·(F+1−d)/(F+1) rounded half up — in integers, so every implementation
 * agrees bit for bit.
 */
export function weightForDistance(d: number, featherPx: number): number {
  if (d <= 0) return WEIGHT_MAX;
  if (d > featherPx) return 0;
  const span = featherPx + 1;
  return Math.floor((2 * WEIGHT_MAX * (span - d) + span) / (2 * span));
}

/** `lut[d]` = weight at distance d for d in 0…F+1 (the last entry is 0: outside the feather). */
function weightTable(featherPx: number): Uint8Array {
  const lut = new Uint8Array(featherPx + 2);
  for (let d = 0; d <= featherPx + 1; d++) lut[d] = weightForDistance(d, featherPx);
  return lut;
}

/**
 * Per-axis distance from each coordinate 0…length−1 to the interval [start, end),
 * clamped to `cap` so it can index the weight table directly.
 */
function axisDistances(length: number, start: number, end: number, cap: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const d = i < start ? start - i : i >= end ? i - end + 1 : 0;
    out[i] = Math.min(d, cap);
  }
  return out;
}

/**
 * Blend weights for any plane whose unknown pixels form one axis-aligned rect (in
 * plane-local coordinates). The Chebyshev distance to a rect is closed-form,
 * `max(dx, dy)` of the per-axis distances, so this is one pass over the plane.
 */
export function blendWeightsForPlane(size: PlaneSize, unknown: Rect, featherPx: number): Uint8Array {
  assertFeather(featherPx);
  const { width, height } = size;
  const out = new Uint8Array(width * height);
  const clipped = intersectRect(unknown, { x: 0, y: 0, width, height });
  // A plane with nothing unknown has nothing to blend: every pixel keeps its value.
  if (clipped === null) return out;
  const cap = featherPx + 1;
  const lut = weightTable(featherPx);
  const dxs = axisDistances(width, clipped.x, clipped.x + clipped.width, cap);
  const dys = axisDistances(height, clipped.y, clipped.y + clipped.height, cap);
  for (let y = 0; y < height; y++) {
    const dy = dys[y]!;
    if (dy === cap) continue; // the whole row is beyond the feather: stays 0
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const dx = dxs[x]!;
      out[row + x] = lut[Math.max(dx, dy)]!;
    }
  }
  return out;
}

/** 1024·1024 blend weights in tile-local row-major order (index = y·1024 + x). */
export function blendWeights(tile: TilePlan, featherPx: number): Uint8Array {
  if (tile.rect.width !== TILE_PX || tile.rect.height !== TILE_PX) {
    throw new RangeError(
      `tile.rect must be ${TILE_PX}×${TILE_PX}, got ${tile.rect.width}×${tile.rect.height}`,
    );
  }
  return blendWeightsForPlane({ width: TILE_PX, height: TILE_PX }, tileLocalUnknown(tile), featherPx);
}
