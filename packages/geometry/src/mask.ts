import { blendWeights } from './blend-weights.js';
import { TILE_PX } from './constants.js';
import { type TilePlan, tileLocalUnknown } from './plan-step.js';
import { intersectRect } from './rect.js';

/** Alpha of an edit-mask pixel the generator may repaint (OpenAI: alpha 0 = edit here). */
export const MASK_EDITABLE = 0 as const;
/** Alpha of an edit-mask pixel the generator should keep. */
export const MASK_KEEP = 255 as const;

/** Edit-mask alpha from blend weights: editable exactly where the composite will use `G`. */
export function maskAlphaFromWeights(weights: Uint8Array): Uint8Array {
  const out = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = weights[i]! > 0 ? MASK_EDITABLE : MASK_KEEP;
  return out;
}

/** 1024·1024 edit-mask alpha, tile-local row-major: 0 = editable, 255 = keep. */
export function maskAlpha(tile: TilePlan, featherPx: number): Uint8Array {
  return maskAlphaFromWeights(blendWeights(tile, featherPx));
}

/**
 * 1024·1024 plane, tile-local row-major: 1 where the pixel is known when the tile runs
 * (old canvas or earlier tiles of the step), 0 where it is unknown. This is the set
 * colour matching measures over.
 */
export function knownMask(tile: TilePlan): Uint8Array {
  const out = new Uint8Array(TILE_PX * TILE_PX).fill(1);
  const unknown = intersectRect(tileLocalUnknown(tile), { x: 0, y: 0, width: TILE_PX, height: TILE_PX });
  if (unknown === null) return out;
  for (let y = unknown.y; y < unknown.y + unknown.height; y++) {
    const row = y * TILE_PX;
    out.fill(0, row + unknown.x, row + unknown.x + unknown.width);
  }
  return out;
}

/** Number of pixels a mask-like plane marks with `value`. */
export function countValue(plane: Uint8Array, value: number): number {
  let n = 0;
  for (let i = 0; i < plane.length; i++) if (plane[i] === value) n++;
  return n;
}
