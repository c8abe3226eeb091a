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
  // The nearest open side is the frontier a pixel continues from. Horizontal candidates
  // depend on x only and vertical ones on y only, so both are tabulated once.
  const columns = frontierTable(width, open.left, open.right, box.x0, box.x1, sidePx);
  const rows = frontierTable(height, open.top, open.bottom, box.y0, box.y1, sidePx);
  // Whole tile editable (no frontier at all): half reference, half prompt.
  const noFrontierBlend = FAR_BLEND * smoothstep(0, 1, 0.5);
  const colour = new Float32Array(width * 3);

  for (let y = box.y0; y <= box.y1; y++) {
    field.fillRow(y, box.x0, box.x1 + 1, colour);
    const row = y - box.y0;
    const rowDistance = rows.distance[row]!;
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * sidePx + x;
      if (maskAlpha[i]! >= 128) continue;
      const column = x - box.x0;
      const columnDistance = columns.distance[column]!;
      let source: number;
      let blend: number;
      if (columnDistance <= rowDistance && columnDistance !== NO_FRONTIER) {
        source = y * sidePx + columns.source[column]!;
        blend = columns.blend[column]!;
      } else if (rowDistance !== NO_FRONTIER) {
        source = rows.source[row]! * sidePx + x;
        blend = rows.blend[row]!;
      } else {
        source = i;
        blend = noFrontierBlend;
      }
      const s = source * 3;
      const o = i * 3;
      const f = column * 3;
      for (let c = 0; c < 3; c++) {
        const value = reference[s + c]! + (colour[f + c]! - reference[s + c]!) * blend;
        out[o + c] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
      }
    }
  }
  return out;
}

const NO_FRONTIER = 0x7fffffff;

interface FrontierTable {
  /** Distance (1 = adjacent) to the nearest open side along this axis, or NO_FRONTIER. */
  distance: Int32Array;
  /** Mirrored source coordinate along this axis. */
  source: Int32Array;
  /** How much of the prompt's colour field shows at that distance. */
  blend: Float32Array;
}

/** One axis of the editable box [lo, hi]: where each position mirrors from, and how far it is. */
function frontierTable(
  length: number,
  openLow: boolean,
  openHigh: boolean,
  lo: number,
  hi: number,
  sidePx: number,
): FrontierTable {
  const distance = new Int32Array(length).fill(NO_FRONTIER);
  const source = new Int32Array(length);
  const blend = new Float32Array(length);
  for (let k = 0; k < length; k++) {
    const p = lo + k;
    const fromLow = openLow ? p - lo + 1 : NO_FRONTIER;
    const fromHigh = openHigh ? hi - p + 1 : NO_FRONTIER;
    if (fromLow === NO_FRONTIER && fromHigh === NO_FRONTIER) continue;
    if (fromLow <= fromHigh) {
      distance[k] = fromLow;
      source[k] = reflect(lo - fromLow, 0, lo - 1);
    } else {
      distance[k] = fromHigh;
      source[k] = reflect(hi + fromHigh, hi + 1, sidePx - 1);
    }
    blend[k] = FAR_BLEND * smoothstep(0, 1, (distance[k]! - 1) / length);
  }
  return { distance, source, blend };
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
    rgb[i] = Math.max(0, Math.min(255, value));
  }
}
