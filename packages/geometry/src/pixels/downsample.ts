import type { Point } from '../rect.js';
import { assertPixelBuffer, createPixelBuffer, type PixelBuffer } from './buffer.js';

/**
 * Halves both sides with a 2×2 box filter, rounding half up:
 * `out = ⌊(a + b + c + d + 2) / 4⌋` per channel (alpha included, straight not
 * premultiplied). Used to build each pyramid level from the four children below it.
 */
export function downsample2x(buf: PixelBuffer): PixelBuffer {
  assertPixelBuffer(buf);
  if (buf.width % 2 !== 0 || buf.height % 2 !== 0) {
    throw new RangeError(`downsample2x needs even sides, got ${buf.width}×${buf.height}`);
  }
  const { width, channels: c, data } = buf;
  const out = createPixelBuffer(width / 2, buf.height / 2, c);
  const rowBytes = width * c;
  const dst = out.data;
  const outRowBytes = out.width * c;
  let o = 0;
  // Walks the two source rows with running offsets: this runs for every pyramid cell a step
  // touches, so it avoids re-deriving indices per byte.
  for (let y = 0; y < out.height; y++) {
    let i = 2 * y * rowBytes;
    let j = i + rowBytes;
    const end = o + outRowBytes;
    while (o < end) {
      for (let k = 0; k < c; k++, i++, j++) {
        dst[o++] = (data[i]! + data[i + c]! + data[j]! + data[j + c]! + 2) >> 2;
      }
      i += c;
      j += c;
    }
  }
  return out;
}

/**
 * `downsample2x(src)` written straight into `dst` with its top-left at `at` (dst-local), as
 * `paste` would — RGB sources landing in an RGBA `dst` get alpha 255, as `toRgba` gives. A
 * pyramid parent is four children halved into its quadrants; doing it in place skips a
 * halved copy of each child, its RGBA conversion and the paste.
 */
export function downsample2xInto(dst: PixelBuffer, src: PixelBuffer, at: Point): void {
  assertPixelBuffer(dst);
  assertPixelBuffer(src);
  if (src.width % 2 !== 0 || src.height % 2 !== 0) {
    throw new RangeError(`downsample2xInto needs even sides, got ${src.width}×${src.height}`);
  }
  const w = src.width / 2;
  const h = src.height / 2;
  if (src.channels > dst.channels) throw new RangeError('cannot downsample RGBA into an RGB buffer');
  if (
    !Number.isInteger(at.x) ||
    !Number.isInteger(at.y) ||
    at.x < 0 ||
    at.y < 0 ||
    at.x + w > dst.width ||
    at.y + h > dst.height
  ) {
    throw new RangeError(`a ${w}×${h} half at (${at.x},${at.y}) does not fit in ${dst.width}×${dst.height}`);
  }
  const c = src.channels;
  const dc = dst.channels;
  const data = src.data;
  const out = dst.data;
  const rowBytes = src.width * c;
  // One loop per channel layout, unrolled: this runs for every child of every pyramid cell a
  // step rebuilds, and a generic per-channel inner loop costs about twice as much.
  for (let y = 0; y < h; y++) {
    let i = 2 * y * rowBytes;
    let j = i + rowBytes;
    let o = ((at.y + y) * dst.width + at.x) * dc;
    const end = o + w * dc;
    if (c === 4) {
      for (; o < end; o += 4, i += 8, j += 8) {
        out[o] = (data[i]! + data[i + 4]! + data[j]! + data[j + 4]! + 2) >> 2;
        out[o + 1] = (data[i + 1]! + data[i + 5]! + data[j + 1]! + data[j + 5]! + 2) >> 2;
        out[o + 2] = (data[i + 2]! + data[i + 6]! + data[j + 2]! + data[j + 6]! + 2) >> 2;
        out[o + 3] = (data[i + 3]! + data[i + 7]! + data[j + 3]! + data[j + 7]! + 2) >> 2;
      }
    } else {
      // RGB source; into RGBA the alpha is opaque.
      for (; o < end; o += dc, i += 6, j += 6) {
        out[o] = (data[i]! + data[i + 3]! + data[j]! + data[j + 3]! + 2) >> 2;
        out[o + 1] = (data[i + 1]! + data[i + 4]! + data[j + 1]! + data[j + 4]! + 2) >> 2;
        out[o + 2] = (data[i + 2]! + data[i + 5]! + data[j + 2]! + data[j + 5]! + 2) >> 2;
        if (dc === 4) out[o + 3] = 255;
      }
    }
  }
}
