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
