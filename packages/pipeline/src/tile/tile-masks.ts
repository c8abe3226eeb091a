import {
  blendWeights,
  knownMask,
  maskAlphaFromWeights,
  type Rect,
  TILE_PX,
  type TilePlan,
  tileLocalUnknown,
} from '@exquisite/geometry';
import { encodeMaskPng } from '../image/codec.js';
import { sha256Hex } from '../image/hash.js';
import type { TileArtifact } from './types.js';

/**
 * The planes a tile's geometry decides on its own: blend weights, the known-pixel mask the
 * colour transfer measures over, and the generator's edit mask (as stored PNG). They depend
 * only on where the unknown part lies in the tile and on the feather, so every step of a
 * room growing the same way shares them; building them costs ~15 ms a tile, caching ~nothing.
 * Shared between tiles and steps: callers must treat every array as read-only.
 */
export interface TileMasks {
  weights: Uint8Array;
  /** The box of the pixels whose weight is not 0: all a feathered composite reads of the generated tile. */
  blended: Rect;
  known: Uint8Array;
  mask: Promise<TileArtifact>;
}

/** Distinct mask shapes are few (4 directions × a handful of feathers and tile positions). */
const CAPACITY = 32;
const cache = new Map<string, TileMasks>();

export function tileMasks(tile: TilePlan, featherPx: number): TileMasks {
  const unknown = tileLocalUnknown(tile);
  const key = `${unknown.x},${unknown.y},${unknown.width},${unknown.height}/${featherPx}`;
  const hit = cache.get(key);
  if (hit) {
    // Re-inserted so the least recently used shape is the one evicted.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const weights = blendWeights(tile, featherPx);
  const masks: TileMasks = {
    weights,
    blended: nonZeroBox(weights, TILE_PX, TILE_PX),
    known: knownMask(tile),
    mask: encodeMaskPng(maskAlphaFromWeights(weights), TILE_PX, TILE_PX).then((png) => ({
      png,
      sha256: sha256Hex(png),
    })),
  };
  // A failed encode must not stay cached for every later tile of that shape.
  masks.mask.catch(() => cache.delete(key));
  cache.set(key, masks);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
  return masks;
}

/** The smallest box holding every non-zero value of a plane (empty at 0,0 when there is none). */
export function nonZeroBox(plane: Uint8Array, width: number, height: number): Rect {
  let x0 = width;
  let x1 = 0;
  let y0 = height;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (plane[row + x] === 0) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first < 0) continue;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, last + 1);
    y0 = Math.min(y0, y);
    y1 = y + 1;
  }
  return x0 >= x1 ? { x: 0, y: 0, width: 0, height: 0 } : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
