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
  let o = 0;
  for (let y = 0; y < out.height; y++) {
    const top = 2 * y * rowBytes;
    const bottom = top + rowBytes;
    for (let x = 0; x < out.width; x++) {
      const left = 2 * x * c;
      for (let k = 0; k < c; k++) {
        const a = data[top + left + k]!;
        const b = data[top + left + c + k]!;
        const d = data[bottom + left + k]!;
        const e = data[bottom + left + c + k]!;
        out.data[o++] = (a + b + d + e + 2) >> 2;
      }
    }
  }
  return out;
}
