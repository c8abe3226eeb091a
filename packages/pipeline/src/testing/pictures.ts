import type { PixelBuffer } from '@exquisite/geometry';

/**
 * A deterministic, non-repeating test picture: every pixel's bytes depend on its world
 * position, so any misplaced, shifted or swapped pixel shows up as a mismatch.
 */
export function worldPattern(
  rect: { x: number; y: number; width: number; height: number },
  seed = 0,
): PixelBuffer {
  const data = new Uint8Array(rect.width * rect.height * 3);
  let i = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      data[i++] = (x * 7 + y * 3 + seed) & 0xff;
      data[i++] = (x * 13 - y * 5 + (seed >> 3)) & 0xff;
      data[i++] = ((x ^ y) + seed * 11) & 0xff;
    }
  }
  return { data, width: rect.width, height: rect.height, channels: 3 };
}

/** Deterministic byte noise (xorshift32), so a failure reproduces: the worst case for a compressor. */
export function byteNoise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}
