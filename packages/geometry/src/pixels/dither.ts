import type { PixelBuffer } from './buffer.js';

/**
 * 4×4 Bayer matrix: ordered-dither thresholds, (i + 0.5)/16, indexed by
 * `((y & 3) << 2) | (x & 3)`. Colour transfers apply fractional curves with it instead of
 * rounding: rounding biases every pixel of a given value the same way, a bias the next step
 * inherits and adds to; dithered, every 4×4 block averages to the exact curve.
 */
export const BAYER_4: readonly number[] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map(
  (i) => (i + 0.5) / 16,
);

/**
 * A copy of `buf` with one fractional curve (byte → level) applied per colour channel:
 * `min(255, ⌊curve[v] + threshold⌋)` with the 4×4 ordered dither. Alpha is never touched.
 */
export function applyCurvesDithered(buf: PixelBuffer, curves: readonly Float64Array[]): PixelBuffer {
  const { width, height, channels: c } = buf;
  const out = buf.data.slice();
  for (let k = 0; k < 3; k++) {
    const dithered = ditherTables(curves[k]!);
    for (let y = 0; y < height; y++) {
      const rowPhase = (y & 3) << 2;
      let i = y * width * c + k;
      for (let x = 0; x < width; x++, i += c) out[i] = dithered[((rowPhase | (x & 3)) << 8) | out[i]!]!;
    }
  }
  return { data: out, width, height, channels: c };
}

/**
 * The curve under each of the 16 dither thresholds, as one table indexed by
 * `(phase << 8) | byte`: the per-pixel work becomes a lookup instead of float arithmetic.
 */
function ditherTables(curve: Float64Array): Uint8Array {
  const tables = new Uint8Array(16 * 256);
  for (let phase = 0; phase < 16; phase++) {
    const threshold = BAYER_4[phase]!;
    for (let v = 0; v < 256; v++) tables[(phase << 8) | v] = Math.min(255, Math.floor(curve[v]! + threshold));
  }
  return tables;
}
