import type { PixelBuffer } from '@exquisite/geometry';

/** sRGB byte → linear light, tabulated. */
const LINEAR = new Float64Array(256).map((_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function f(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

/** CIELAB (D65) of the pixel at byte offset `i`. */
export function lab(data: Uint8Array, i: number): [number, number, number] {
  const out = new Float64Array(3);
  labInto(data, i, out, 0);
  return [out[0]!, out[1]!, out[2]!];
}

/** CIELAB (D65) of the pixel at byte offset `i`, written to `out[o..o+2]` (no allocation: the metrics' inner loop). */
export function labInto(data: Uint8Array, i: number, out: Float64Array, o: number): void {
  const r = LINEAR[data[i]!]!;
  const g = LINEAR[data[i + 1]!]!;
  const b = LINEAR[data[i + 2]!]!;
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  out[o] = 116 * fy - 16;
  out[o + 1] = 500 * (fx - fy);
  out[o + 2] = 200 * (fy - fz);
}

/** Lab planes (L, a, b interleaved) of the columns [x0, x1) of a 3-channel buffer. */
function labColumns(buf: PixelBuffer, x0: number, x1: number): Float64Array {
  const w = x1 - x0;
  const out = new Float64Array(w * buf.height * 3);
  for (let y = 0; y < buf.height; y++) {
    for (let x = x0; x < x1; x++) labInto(buf.data, (y * buf.width + x) * 3, out, (y * w + (x - x0)) * 3);
  }
  return out;
}

/** Half-width in px of the two windows whose means are compared across a line. */
export const SEAM_SCALE = 4;
/** Length in px of the runs along the seam over which the signed step is averaged. */
export const SEAM_SEGMENT = 32;

/**
 * Seam visibility across vertical lines in [from, to) (each line sits between columns
 * ℓ−1 and ℓ): for each line, the cross-line colour step — mean Lab of the 4 columns right
 * of it minus the 4 columns left of it — of the result minus the same step in the ground
 * truth, averaged (signed) over 32-px runs along the seam so that noise cancels and a
 * coherent edge does not, then ΔE (Euclidean Lab) per run and the mean over runs.
 * The statistic is the worst line of the zone: a feather spreads a step over many lines,
 * a hard paste concentrates it on one. 0 = the seam zone steps exactly like the photograph.
 */
export function seamVisibility(out: PixelBuffer, truth: PixelBuffer, from: number, to: number): number {
  const x0 = from - SEAM_SCALE;
  const x1 = to + SEAM_SCALE;
  const w = x1 - x0;
  const lo = labColumns(out, x0, x1);
  const lt = labColumns(truth, x0, x1);
  const h = out.height;
  let worst = 0;
  for (let line = from; line < to; line++) {
    let total = 0;
    let runs = 0;
    for (let y0 = 0; y0 + SEAM_SEGMENT <= h; y0 += SEAM_SEGMENT) {
      const acc = [0, 0, 0];
      for (let y = y0; y < y0 + SEAM_SEGMENT; y++) {
        for (let s = 0; s < SEAM_SCALE; s++) {
          const right = (y * w + (line + s - x0)) * 3;
          const left = (y * w + (line - 1 - s - x0)) * 3;
          for (let k = 0; k < 3; k++) {
            acc[k]! += lo[right + k]! - lo[left + k]! - (lt[right + k]! - lt[left + k]!);
          }
        }
      }
      const n = SEAM_SEGMENT * SEAM_SCALE;
      total += Math.hypot(acc[0]! / n, acc[1]! / n, acc[2]! / n);
      runs++;
    }
    worst = Math.max(worst, total / runs);
  }
  return worst;
}

/** Side of the blocks whose mean colours are compared: colour, not texture or noise. */
export const COLOR_BLOCK = 16;

/**
 * Colour error of columns [x0, x1) against the ground truth: mean CIELAB ΔE (1976) between
 * the mean Lab colours of 16×16 blocks of the result and of the truth.
 */
export function colourError(out: PixelBuffer, truth: PixelBuffer, x0: number, x1: number): number {
  const lo = labColumns(out, x0, x1);
  const lt = labColumns(truth, x0, x1);
  const w = x1 - x0;
  let total = 0;
  let blocks = 0;
  for (let by = 0; by + COLOR_BLOCK <= out.height; by += COLOR_BLOCK) {
    for (let bx = x0; bx + COLOR_BLOCK <= x1; bx += COLOR_BLOCK) {
      const mo = [0, 0, 0];
      const mt = [0, 0, 0];
      for (let y = by; y < by + COLOR_BLOCK; y++) {
        for (let x = bx; x < bx + COLOR_BLOCK; x++) {
          const i = (y * w + (x - x0)) * 3;
          for (let k = 0; k < 3; k++) {
            mo[k]! += lo[i + k]!;
            mt[k]! += lt[i + k]!;
          }
        }
      }
      total += Math.hypot(mo[0]! - mt[0]!, mo[1]! - mt[1]!, mo[2]! - mt[2]!) / (COLOR_BLOCK * COLOR_BLOCK);
      blocks++;
    }
  }
  return total / blocks;
}
