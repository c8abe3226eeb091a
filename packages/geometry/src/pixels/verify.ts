import type { Point, Rect } from '../rect.js';
import { assertPlaneFor, assertSameShape, type PixelBuffer } from './buffer.js';

/**
 * The I2 check: the first pixel (row-major) whose weight is 0 but whose bytes differ
 * between `before` and `after`, or `null` when every weight-0 pixel is byte-identical.
 */
export function verifyImmutable(before: PixelBuffer, after: PixelBuffer, weights: Uint8Array): Point | null {
  assertSameShape(before, after, 'verifyImmutable inputs');
  assertPlaneFor(before, weights, 'weights');
  const c = before.channels;
  const a = before.data;
  const b = after.data;
  // Whole runs of weight-0 pixels at a time (a tile's known part is one run per row): one flat
  // byte comparison over each run, and the pixel is worked out only for a difference.
  for (let p = 0; p < weights.length; ) {
    if (weights[p] !== 0) {
      p++;
      continue;
    }
    let end = p + 1;
    while (end < weights.length && weights[end] === 0) end++;
    for (let k = p * c, stop = end * c; k < stop; k++) {
      if (a[k] !== b[k]) {
        const q = Math.floor(k / c);
        return { x: q % before.width, y: Math.floor(q / before.width) };
      }
    }
    p = end;
  }
  return null;
}

/** The bounding rect (buffer-local) of every pixel that differs, or `null` if none does. */
export function changedBounds(before: PixelBuffer, after: PixelBuffer): Rect | null {
  assertSameShape(before, after, 'changedBounds inputs');
  const { width, height, channels: c } = before;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = (y * width + x) * c;
      for (let k = base; k < base + c; k++) {
        if (before.data[k] !== after.data[k]) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
          break;
        }
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
