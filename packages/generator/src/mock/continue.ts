import type { ColourField } from './texture.js';
import { smoothstep } from './texture.js';

/**
 * The mock's "model": it continues the picture into the editable area by mirroring the
 * known pixels across the frontier (so shapes and colours run on instead of stopping at a
 * line), then fades progressively toward the prompt's colour field with distance from the
 * frontier. Right at the frontier the output equals the known pixels, so the seam is
 * quiet; far from it the prompt shows, so successive steps look like a growing, varied
 * picture. Which side is editable is inferred from the mask alone: the open sides of the
 * editable area's bounding box are the frontier (the generator knows no directions).
 *
 * Pure: raw RGB (side²·3) and mask alpha (side², 0 = editable) in, raw RGB out.
 */
export interface ContinueInput {
  reference: Uint8Array;
  maskAlpha: Uint8Array;
  sidePx: number;
  field: ColourField;
}

/** How much of the prompt's colour field shows at the far end of the new area. */
const FAR_BLEND = 0.72;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function continuePicture({ reference, maskAlpha, sidePx, field }: ContinueInput): Uint8Array {
  const out = new Uint8Array(reference);
  const box = editableBounds(maskAlpha, sidePx);
  if (box === null) return out;

  const open = {
    left: box.x0 > 0,
    right: box.x1 < sidePx - 1,
    top: box.y0 > 0,
    bottom: box.y1 < sidePx - 1,
  };
  const width = box.x1 - box.x0 + 1;
  const height = box.y1 - box.y0 + 1;
  const colour = new Float32Array(width * 3);

  for (let y = box.y0; y <= box.y1; y++) {
    field.fillRow(y, box.x0, box.x1 + 1, colour);
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * sidePx + x;
      if (maskAlpha[i]! >= 128) continue;
      // Nearest open side wins: that is the frontier this pixel continues from.
      let best = Number.POSITIVE_INFINITY;
      let sx = x;
      let sy = y;
      let depth = 1;
      if (open.left && x - box.x0 + 1 < best) {
        best = x - box.x0 + 1;
        sx = reflect(box.x0 - best, 0, box.x0 - 1);
        sy = y;
        depth = width;
      }
      if (open.right && box.x1 - x + 1 < best) {
        best = box.x1 - x + 1;
        sx = reflect(box.x1 + best, box.x1 + 1, sidePx - 1);
        sy = y;
        depth = width;
      }
      if (open.top && y - box.y0 + 1 < best) {
        best = y - box.y0 + 1;
        sx = x;
        sy = reflect(box.y0 - best, 0, box.y0 - 1);
        depth = height;
      }
      if (open.bottom && box.y1 - y + 1 < best) {
        best = box.y1 - y + 1;
        sx = x;
        sy = reflect(box.y1 + best, box.y1 + 1, sidePx - 1);
        depth = height;
      }
      // Whole tile editable (no frontier): half reference, half prompt.
      const progress = best === Number.POSITIVE_INFINITY ? 0.5 : (best - 1) / depth;
      const blend = FAR_BLEND * smoothstep(0, 1, progress);
      const s = (sy * sidePx + sx) * 3;
      const o = i * 3;
      const f = (x - box.x0) * 3;
      for (let c = 0; c < 3; c++) {
        const value = reference[s + c]! + (colour[f + c]! - reference[s + c]!) * blend;
        out[o + c] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
      }
    }
  }
  return out;
}

function editableBounds(maskAlpha: Uint8Array, sidePx: number): Box | null {
  let x0 = sidePx;
  let y0 = sidePx;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < sidePx; y++) {
    const row = y * sidePx;
    for (let x = 0; x < sidePx; x++) {
      if (maskAlpha[row + x]! < 128) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

/** Folds `v` back and forth into [lo, hi], like a mirror hall. */
export function reflect(v: number, lo: number, hi: number): number {
  const span = hi - lo;
  if (span <= 0) return lo;
  const period = span * 2;
  let offset = (v - lo) % period;
  if (offset < 0) offset += period;
  return offset <= span ? lo + offset : lo + period - offset;
}

/** The global colour shift real models apply to their whole output ("drift"). */
export const MAX_DRIFT_LEVELS = 32;

/** Per-channel offsets for a drift amount in 0…1: warmer and brighter, like typical model drift. */
export function driftOffsets(drift: number): readonly [number, number, number] {
  const k = Math.round(drift * MAX_DRIFT_LEVELS);
  const half = Math.round(k / 2);
  return [k, half, -half];
}

export function applyDrift(rgb: Uint8Array, drift: number): void {
  if (drift <= 0) return;
  const offsets = driftOffsets(drift);
  for (let i = 0; i < rgb.length; i++) {
    const value = rgb[i]! + offsets[i % 3]!;
    rgb[i] = value <= 0 ? 0 : value >= 255 ? 255 : value;
  }
}
