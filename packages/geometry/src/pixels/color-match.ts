import { assertPlaneFor, assertSameShape, type PixelBuffer } from './buffer.js';

/**
 * The colour space colour matching works in. Plain sRGB bytes: simple, reproducible,
 * and good enough to remove the brightness/tint drift of generated strips. Recorded in
 * each step record so a later change of space is visible.
 */
export const COLOR_MATCH_SPACE = 'rgb' as const;
export type ColorMatchSpace = typeof COLOR_MATCH_SPACE;

/** How one colour channel was corrected: `out = round(g·scale + offset)`, clamped to 0…255. */
export interface ChannelTransfer {
  /** Mean and (population) standard deviation of the generated image over the known pixels. */
  sourceMean: number;
  sourceStd: number;
  /** The same statistics of the reference (the working canvas). */
  targetMean: number;
  targetStd: number;
  scale: number;
  offset: number;
}

export interface ColorMatchStats {
  colorSpace: ColorMatchSpace;
  /** Number of pixels the statistics were measured over. */
  knownPixels: number;
  /** One entry per colour channel (R, G, B); alpha is never touched. */
  channels: ChannelTransfer[];
}

export interface ColorMatchResult {
  buffer: PixelBuffer;
  stats: ColorMatchStats;
}

/** Below this the generated channel is flat: scaling it would divide by ~0, so only the mean moves. */
const FLAT_STD = 1e-6;

interface Moments {
  mean: number;
  std: number;
}

/**
 * Mean and population std of the three colour channels of two images over the same known
 * pixels, and how many pixels are known: one pass over the mask for both. Sums of bytes are
 * exact in float64, so the moments are the same whatever order they are summed in.
 */
function colourStatsOfBoth(
  first: PixelBuffer,
  second: PixelBuffer,
  knownMask: Uint8Array,
): { n: number; first: Moments[]; second: Moments[] } {
  const a = first.data;
  const b = second.data;
  const c = first.channels;
  // Scalar accumulators: this loop runs over every pixel of every tile.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let u0 = 0;
  let u1 = 0;
  let u2 = 0;
  let n = 0;
  for (let p = 0, base = 0; p < knownMask.length; p++, base += c) {
    if (knownMask[p] === 0) continue;
    n++;
    const r = a[base]!;
    const g = a[base + 1]!;
    const bl = a[base + 2]!;
    s0 += r;
    s1 += g;
    s2 += bl;
    q0 += r * r;
    q1 += g * g;
    q2 += bl * bl;
    const R = b[base]!;
    const G = b[base + 1]!;
    const B = b[base + 2]!;
    t0 += R;
    t1 += G;
    t2 += B;
    u0 += R * R;
    u1 += G * G;
    u2 += B * B;
  }
  const moments = (sum: number, sumSq: number): Moments => {
    if (n === 0) return { mean: 0, std: 0 };
    const mean = sum / n;
    // Sums of bytes stay exact in float64 up to far beyond any tile size.
    return { mean, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) };
  };
  return {
    n,
    first: [moments(s0, q0), moments(s1, q1), moments(s2, q2)],
    second: [moments(t0, u0), moments(t1, u1), moments(t2, u2)],
  };
}

/**
 * The per-channel mean/std transfer that makes `generated` match `reference` over the known
 * pixels, without applying it: what `colorMatch` applies, and what step records report for
 * any colour transfer.
 */
export function colorMatchStats(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
): ColorMatchStats {
  assertSameShape(generated, reference, 'colorMatch inputs');
  assertPlaneFor(generated, knownMask, 'knownMask');
  const both = colourStatsOfBoth(generated, reference, knownMask);
  const knownPixels = both.n;
  const sourceStats = both.first;
  const targetStats = both.second;
  const channels = [0, 1, 2].map((channel): ChannelTransfer => {
    const source = sourceStats[channel]!;
    const target = targetStats[channel]!;
    let scale = 1;
    let offset = 0;
    if (knownPixels > 0) {
      scale = source.std < FLAT_STD ? 1 : target.std / source.std;
      offset = target.mean - scale * source.mean;
    }
    return {
      sourceMean: source.mean,
      sourceStd: source.std,
      targetMean: target.mean,
      targetStd: target.std,
      scale,
      offset,
    };
  });
  return { colorSpace: COLOR_MATCH_SPACE, knownPixels, channels };
}

/**
 * Reinhard-style per-channel transfer: a corrected copy of `generated` whose mean and
 * standard deviation over the known pixels (`knownMask[p] !== 0`) equal `reference`'s
 * over the same pixels, up to rounding and clamping. This removes the colour drift
 * between a generated strip and the canvas it continues. With no known pixels the
 * image is returned unchanged.
 */
export function colorMatch(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
): ColorMatchResult {
  const stats = colorMatchStats(generated, reference, knownMask);
  const out = generated.data.slice();
  const c = generated.channels;
  stats.channels.forEach(({ scale, offset }, channel) => {
    // Only 256 possible inputs: a table makes the pass cheap and the rounding uniform.
    const table = new Uint8Array(256);
    for (let v = 0; v < 256; v++) {
      const mapped = Math.floor(v * scale + offset + 0.5);
      table[v] = mapped < 0 ? 0 : Math.min(mapped, 255);
    }
    for (let k = channel; k < out.length; k += c) out[k] = table[out[k]!]!;
  });
  return {
    buffer: { data: out, width: generated.width, height: generated.height, channels: c },
    stats,
  };
}
