import { blockTransferInputs, knownBlockSums } from './blocks.js';
import type { PixelBuffer } from './buffer.js';
import { applyCurvesDithered } from './dither.js';

export interface HistogramMatchResult {
  buffer: PixelBuffer;
  /** Number of pixels the histograms were measured over. */
  knownPixels: number;
  /** Per colour channel (R, G, B), the exact transfer curve: input byte → output level (0…255, fractional). */
  curves: Float64Array[];
  /** The curves rounded to bytes, for records (the image itself is dithered, see `histogramMatch`). */
  tables: Uint8Array[];
}

export interface HistogramMatchOptions {
  /**
   * Side of the square blocks whose mean colours make the histograms (default
   * `HISTOGRAM_BLOCK_PX`). Measuring colour at a coarser scale than texture keeps the
   * transfer blind to what a model does to sharpness: a blurred or noisy re-render has a
   * narrower or wider per-pixel histogram than the canvas even when its colours are right,
   * and correcting that with a tone curve changes contrast — which then compounds step
   * after step. 1 = classic per-pixel matching. Blocks are aligned to the image's top-left
   * and only blocks whose pixels are all known count; with none, per-pixel histograms are used.
   */
  blockPx?: number;
}

/** Default block side for `histogramMatch` (docs/seams.md: chosen by the seams benchmark). */
export const HISTOGRAM_BLOCK_PX = 8;

/**
 * Per-channel histogram (CDF) matching: a corrected copy of `generated` whose value
 * distribution over the known pixels (`knownMask[p] !== 0`) follows `reference`'s over
 * the same pixels. Unlike the mean/std transfer of `colorMatch`, this inverts any
 * monotone per-channel distortion — gamma, contrast curves, clipping — not only gain and
 * offset, which is what keeps a residual from piling up step after step. The mapping is
 * one monotone curve per channel, so texture is never scrambled. The histograms are
 * of block-mean colours (`options.blockPx`). The fractional curve is applied with a 4×4
 * ordered dither rather than rounded: rounding the same input byte the same way everywhere
 * biases a whole region by up to half a level, and such a bias is inherited by the next step
 * and adds up; dithered, every 4×4 block averages to the exact curve. Integer curve values
 * (an identity match, for one) come out exactly. With no known pixels the image is returned
 * unchanged. Alpha is never touched.
 */
export function histogramMatch(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
  options: HistogramMatchOptions = {},
): HistogramMatchResult {
  const blockPx = blockTransferInputs(
    'histogramMatch',
    generated,
    reference,
    knownMask,
    options.blockPx,
    HISTOGRAM_BLOCK_PX,
  );
  let knownPixels = 0;
  for (let p = 0; p < knownMask.length; p++) if (knownMask[p] !== 0) knownPixels++;
  let source = blockHistograms(generated, knownMask, blockPx);
  let target = blockHistograms(reference, knownMask, blockPx);
  if (source === null || target === null) {
    source = blockHistograms(generated, knownMask, 1);
    target = blockHistograms(reference, knownMask, 1);
  }
  const curves: Float64Array[] = [0, 1, 2].map((k) =>
    source === null || target === null ? identityCurve() : matchCurve(source[k]!, target[k]!),
  );
  return {
    buffer: applyCurvesDithered(generated, curves),
    knownPixels,
    curves,
    tables: curves.map((curve) => Uint8Array.from(curve, (v) => Math.round(v))),
  };
}

/**
 * Per-channel 256-bin histograms of the rounded mean colours of the fully known
 * `blockPx`² blocks, or null when there is no such block.
 */
function blockHistograms(buf: PixelBuffer, knownMask: Uint8Array, blockPx: number): Float64Array[] | null {
  const { count, sums } = knownBlockSums(buf, knownMask, blockPx);
  if (count === 0) return null;
  const area = blockPx * blockPx;
  return sums.map((channel) => {
    const hist = new Float64Array(256);
    for (let i = 0; i < count; i++) hist[Math.round(channel[i]! / area)]!++;
    return hist;
  });
}

function identityCurve(): Float64Array {
  return Float64Array.from({ length: 256 }, (_, v) => v);
}

/**
 * Maps each source value to the reference value at the same quantile. The quantile of a
 * value is the middle of its histogram bin (so a bin's pixels land on the reference's
 * matching bin on average), and the reference's inverse CDF is interpolated linearly
 * inside a bin, so a smooth source gradient stays smooth.
 *
 * Values the known pixels never take (gaps, and colours only the new area has, e.g. a
 * brighter sky) are not snapped onto the known range: between populated bins the curve
 * is interpolated, and beyond the ends it continues with the slope of the mean/std
 * transfer, so out-of-range colours keep their relative structure.
 */
function matchCurve(source: Float64Array, target: Float64Array): Float64Array {
  // Reference CDF at bin edges: cum[v] = pixels with value < v.
  const cum = new Float64Array(257);
  for (let v = 0; v < 256; v++) cum[v + 1] = cum[v]! + target[v]!;
  const mapped = new Float64Array(256);
  const populated: number[] = [];
  let below = 0;
  let t = 0;
  for (let v = 0; v < 256; v++) {
    const count = source[v]!;
    if (count === 0) continue;
    const q = below + count / 2;
    below += count;
    // Smallest reference bin t with cum[t+1] ≥ q; t only grows because q only grows.
    while (t < 255 && cum[t + 1]! < q) t++;
    const inBin = target[t]!;
    const frac = inBin > 0 ? (q - cum[t]!) / inBin : 0.5;
    mapped[v] = t - 0.5 + Math.min(1, Math.max(0, frac));
    populated.push(v);
  }
  const slope = stdRatio(source, target);
  const first = populated[0]!;
  const last = populated.at(-1)!;
  for (let v = 0; v < first; v++) mapped[v] = mapped[first]! - (first - v) * slope;
  for (let v = last + 1; v < 256; v++) mapped[v] = mapped[last]! + (v - last) * slope;
  for (let i = 0; i + 1 < populated.length; i++) {
    const a = populated[i]!;
    const b = populated[i + 1]!;
    for (let v = a + 1; v < b; v++) mapped[v] = mapped[a]! + ((mapped[b]! - mapped[a]!) * (v - a)) / (b - a);
  }
  for (let v = 0; v < 256; v++) mapped[v] = Math.max(0, Math.min(255, mapped[v]!));
  return mapped;
}

/** targetStd / sourceStd of two histograms (1 when the source is flat). */
function stdRatio(source: Float64Array, target: Float64Array): number {
  const moments = (h: Float64Array) => {
    let n = 0;
    let s = 0;
    let s2 = 0;
    for (let v = 0; v < 256; v++) {
      n += h[v]!;
      s += v * h[v]!;
      s2 += v * v * h[v]!;
    }
    const mean = s / n;
    return Math.sqrt(Math.max(0, s2 / n - mean * mean));
  };
  const src = moments(source);
  return src < 1e-6 ? 1 : moments(target) / src;
}
