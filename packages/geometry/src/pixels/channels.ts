import { assertPixelBuffer, clonePixelBuffer, type PixelBuffer } from './buffer.js';

/** An opaque RGB colour, each component 0…255. */
export type RgbColor = readonly [number, number, number];

/** RGB by dropping alpha (values unchanged). A copy either way. */
export function toRgb(buf: PixelBuffer): PixelBuffer {
  assertPixelBuffer(buf);
  if (buf.channels === 3) return clonePixelBuffer(buf);
  const n = buf.width * buf.height;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    out[p * 3] = buf.data[p * 4]!;
    out[p * 3 + 1] = buf.data[p * 4 + 1]!;
    out[p * 3 + 2] = buf.data[p * 4 + 2]!;
  }
  return { data: out, width: buf.width, height: buf.height, channels: 3 };
}

/** RGBA with a constant `alpha` added (default opaque); an RGBA input is copied unchanged. */
export function toRgba(buf: PixelBuffer, alpha = 255): PixelBuffer {
  assertPixelBuffer(buf);
  if (buf.channels === 4) return clonePixelBuffer(buf);
  const n = buf.width * buf.height;
  const out = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    out[p * 4] = buf.data[p * 3]!;
    out[p * 4 + 1] = buf.data[p * 3 + 1]!;
    out[p * 4 + 2] = buf.data[p * 3 + 2]!;
    out[p * 4 + 3] = alpha;
  }
  return { data: out, width: buf.width, height: buf.height, channels: 4 };
}

/**
 * RGB by compositing straight alpha over an opaque `background` (default black):
 * `⌊(c·a + bg·(255 − a) + 127) / 255⌋`. Generator outputs may carry alpha; the canvas
 * never does.
 */
export function flattenAlpha(buf: PixelBuffer, background: RgbColor = [0, 0, 0]): PixelBuffer {
  assertPixelBuffer(buf);
  if (buf.channels === 3) return clonePixelBuffer(buf);
  const n = buf.width * buf.height;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    const a = buf.data[p * 4 + 3]!;
    for (let k = 0; k < 3; k++) {
      out[p * 3 + k] = Math.floor((buf.data[p * 4 + k]! * a + background[k]! * (255 - a) + 127) / 255);
    }
  }
  return { data: out, width: buf.width, height: buf.height, channels: 3 };
}
