import fc from 'fast-check';
import { createPixelBuffer, type Direction, type PixelBuffer, type Rect } from '../src/index.js';

/** mulberry32: a tiny deterministic PRNG so random buffers are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A buffer of random bytes in `lo…hi`, reproducible from `seed`. */
export function randomBuffer(
  width: number,
  height: number,
  channels: 3 | 4,
  seed: number,
  lo = 0,
  hi = 255,
): PixelBuffer {
  const next = seededRandom(seed);
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = lo + Math.floor(next() * (hi - lo + 1));
  return { data, width, height, channels };
}

/** Random weights plane with a good share of exact 0 and 255. */
export function randomWeights(length: number, seed: number): Uint8Array {
  const next = seededRandom(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const r = next();
    out[i] = r < 0.3 ? 0 : r < 0.4 ? 255 : Math.floor(next() * 256);
  }
  return out;
}

export const directionArb: fc.Arbitrary<Direction> = fc.constantFrom('right', 'left', 'up', 'down');

/** Canvases obeying the frame rules: x, y multiples of 512 (negative too), sides 1024…6144. */
export const canvasArb = (maxSide = 6144): fc.Arbitrary<Rect> =>
  fc.record({
    x: fc.integer({ min: -40, max: 40 }).map((n) => n * 512),
    y: fc.integer({ min: -40, max: 40 }).map((n) => n * 512),
    width: fc.integer({ min: 2, max: maxSide / 512 }).map((n) => n * 512),
    height: fc.integer({ min: 2, max: maxSide / 512 }).map((n) => n * 512),
  });

export const featherArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 512 });

/** Brute-force Chebyshev distance from (px, py) to the nearest zero of a known-mask plane. */
export function bruteForceDistance(known: Uint8Array, width: number, px: number, py: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < known.length; i++) {
    if (known[i] !== 0) continue;
    const d = Math.max(Math.abs((i % width) - px), Math.abs(Math.floor(i / width) - py));
    if (d < best) best = d;
  }
  return best;
}

/**
 * Exact Chebyshev distance transform by two raster passes over the 8-neighbourhood
 * (unit step cost is exact for L∞). An algorithm independent of the closed form the
 * package uses, so it can serve as a full-array reference.
 */
export function chamferChebyshev(known: Uint8Array, width: number, height: number): Float64Array {
  const INF = Number.POSITIVE_INFINITY;
  const d = new Float64Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = known[i] === 0 ? 0 : INF;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= width || y >= height ? INF : d[y * width + x]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      d[i] = Math.min(d[i]!, at(x - 1, y) + 1, at(x - 1, y - 1) + 1, at(x, y - 1) + 1, at(x + 1, y - 1) + 1);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      d[i] = Math.min(d[i]!, at(x + 1, y) + 1, at(x + 1, y + 1) + 1, at(x, y + 1) + 1, at(x - 1, y + 1) + 1);
    }
  }
  return d;
}

/** The blend-weight formula of the contract, written out independently for tests. */
export function referenceWeight(d: number, featherPx: number): number {
  if (d === 0) return 255;
  if (d > featherPx) return 0;
  return Math.floor((510 * (featherPx + 1 - d) + (featherPx + 1)) / (2 * (featherPx + 1)));
}

/** Byte equality without the diffing cost of `toEqual` on megabyte arrays. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What an image model does to a whole image, as the colour-transfer tests model it: per
 * channel `255·(offset + gain·(v/255)^gamma)`, rounded and clipped to bytes; alpha untouched.
 */
export function applyResponses(
  buf: PixelBuffer,
  responses: ReadonlyArray<{ gain: number; offset: number; gamma: number }>,
): PixelBuffer {
  const c = buf.channels;
  const data = buf.data.map((v, i) => {
    const k = i % c;
    if (k === 3) return v;
    const { gain, offset, gamma } = responses[k]!;
    return Math.max(0, Math.min(255, Math.round(255 * (offset + gain * (v / 255) ** gamma))));
  });
  return { ...buf, data };
}

/**
 * A photograph-like picture: red swings `base ± swing` in waves, green and blue follow it (as
 * the colours of one surface do) plus their own waves, and every channel has one-pixel texture.
 */
export function sunlitPicture(
  width: number,
  height: number,
  options: { seed?: number; channels?: 3 | 4; base?: number; swing?: number } = {},
): PixelBuffer {
  const { seed = 0, channels = 3, base = 150, swing = 90 } = options;
  const buf = createPixelBuffer(width, height, channels, 200);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const texture = (x * 7 + y * 3 + seed) % 5 === 0 ? 3 : -1;
      const red = base + swing * Math.sin(x / 13 + seed) * Math.cos(y / 17);
      const i = (y * width + x) * channels;
      buf.data[i] = Math.round(red + texture);
      buf.data[i + 1] = Math.round(0.6 * red + 40 + 12 * Math.sin(y / 9 + seed) + texture);
      buf.data[i + 2] = Math.round(0.4 * red + 60 + 10 * Math.cos(x / 11) + texture);
    }
  }
  return buf;
}
