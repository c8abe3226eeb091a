import {
  blendWeights,
  knownMask,
  maskAlphaFromWeights,
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
