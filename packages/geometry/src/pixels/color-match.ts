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

/** Mean and population std of the three colour channels over the known pixels, in one pass. */
function colourStats(buf: PixelBuffer, knownMask: Uint8Array): Moments[] {
  const { data, channels: c } = buf;
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  let n = 0;
  for (let p = 0; p < knownMask.length; p++) {
    if (knownMask[p] === 0) continue;
    n++;
    const base = p * c;
    for (let k = 0; k < 3; k++) {
      const v = data[base + k]!;
      sum[k]! += v;
      sumSq[k]! += v * v;
    }
  }
  return [0, 1, 2].map((k) => {
    if (n === 0) return { mean: 0, std: 0 };
    const mean = sum[k]! / n;
    // Sums of bytes stay exact in float64 up to far beyond any tile size.
    const variance = Math.max(0, sumSq[k]! / n - mean * mean);
    return { mean, std: Math.sqrt(variance) };
  });
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
  assertSameShape(generated, reference, 'colorMatch inputs');
  assertPlaneFor(generated, knownMask, 'knownMask');
  let knownPixels = 0;
  for (let p = 0; p < knownMask.length; p++) if (knownMask[p] !== 0) knownPixels++;

  const out = generated.data.slice();
  const transfers: ChannelTransfer[] = [];
  const c = generated.channels;
  const sourceStats = colourStats(generated, knownMask);
  const targetStats = colourStats(reference, knownMask);
  for (let channel = 0; channel < 3; channel++) {
    const source = sourceStats[channel]!;
    const target = targetStats[channel]!;
    let scale = 1;
    let offset = 0;
    if (knownPixels > 0) {
      scale = source.std < FLAT_STD ? 1 : target.std / source.std;
      offset = target.mean - scale * source.mean;
    }
    transfers.push({
      sourceMean: source.mean,
      sourceStd: source.std,
      targetMean: target.mean,
      targetStd: target.std,
      scale,
      offset,
    });
    // Only 256 possible inputs: a table makes the pass cheap and the rounding uniform.
    const table = new Uint8Array(256);
    for (let v = 0; v < 256; v++) {
      const mapped = Math.floor(v * scale + offset + 0.5);
      table[v] = mapped < 0 ? 0 : Math.min(mapped, 255);
    }
    for (let k = channel; k < out.length; k += c) out[k] = table[out[k]!]!;
  }
  return {
    buffer: { data: out, width: generated.width, height: generated.height, channels: c },
    stats: { colorSpace: COLOR_MATCH_SPACE, knownPixels, channels: transfers },
  };
}
