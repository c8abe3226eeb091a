import { blockExactValue, scratchOf } from './response-law.js';

/** The three colour channels' corrected levels of one row, reused for the next row. */
export type RgbRowLevels = readonly [Float64Array, Float64Array, Float64Array];

/**
 * The helpers the row pass calls, passed in rather than imported so that the pass refers to
 * nothing outside its own body and can run from its source text on another thread
 * (`hybridRowsSource`).
 */
export interface BlockExactLib {
  scratchOf: typeof scratchOf;
  blockExactValue: typeof blockExactValue;
  rgbRowMeans: typeof rgbRowMeans;
}

export const BLOCK_EXACT_LIB: BlockExactLib = Object.freeze({ scratchOf, blockExactValue, rgbRowMeans });

/** Half-open pixel ranges: columns `x0 ≤ x < x1`, rows `y0 ≤ y < y1`. */
export interface PixelSpan {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * `blockExactRows` for the three colour channels at once, one curve each and one radius (≥ 1):
 * `onRow(y, levels)` gets row `y`'s levels of R, G and B, top to bottom, in arrays reused for
 * the next row. Each value is the one `blockExactRows` gives for that channel, to the bit: every
 * running sum takes the same operands in the same order; only the three channels' sums now
 * advance side by side, so the processor overlaps their additions — each sum waits on its own
 * previous value, and one channel alone leaves it idle most of the time — and reads each
 * pixel's bytes once. (`hybrid-match.identity.test.ts` holds the two to the same output.)
 *
 * With `span`, only its rows are passed to `onRow` and only its columns' levels are computed
 * (the others in `levels` are stale): the windows still read the whole image, but the running
 * sums start at the span's edge, so a value there may differ from the whole image's in its
 * last bits (the same sums in another order). The whole image is the default.
 */
export function blockExactRowsRgb(
  buf: { width: number; height: number; channels: number; data: Uint8Array },
  curves: readonly Float64Array[],
  radius: number,
  onRow: (y: number, levels: RgbRowLevels) => void,
  span: PixelSpan = { x0: 0, x1: buf.width, y0: 0, y1: buf.height },
  lib: BlockExactLib = BLOCK_EXACT_LIB,
): void {
  const { width, height, channels: c, data } = buf;
  const scratch = lib.scratchOf;
  const exactValue = lib.blockExactValue;
  if (!Number.isInteger(radius) || radius < 1) throw new RangeError('blockExactRowsRgb needs a radius ≥ 1');
  const { x0, x1, y0, y1 } = span;
  if (!(0 <= x0 && x0 <= x1 && x1 <= width && 0 <= y0 && y0 <= y1 && y1 <= height))
    throw new RangeError(
      `blockExactRowsRgb: span ${x0}…${x1} × ${y0}…${y1} is not inside ${width}×${height}`,
    );
  if (x0 === x1 || y0 === y1) return;
  const curve0 = curves[0]!;
  const curve1 = curves[1]!;
  const curve2 = curves[2]!;
  const out0 = scratch('rgb-row-0', width);
  const out1 = scratch('rgb-row-1', width);
  const out2 = scratch('rgb-row-2', width);
  const levels: RgbRowLevels = [out0, out1, out2];
  const r = radius;
  // Ring slots for the row means plus one row of zeros, as in `blockExactRows`.
  const ringRows = Math.min(height, 2 * r + 2);
  const zeroSlot = ringRows * width;
  const ring = (role: string) => scratch(role, (ringRows + 1) * width).fill(0, zeroSlot);
  const level0 = ring('rgb-rows-level-0');
  const level1 = ring('rgb-rows-level-1');
  const level2 = ring('rgb-rows-level-2');
  const curved0 = ring('rgb-rows-curved-0');
  const curved1 = ring('rgb-rows-curved-1');
  const curved2 = ring('rgb-rows-curved-2');
  const counts = scratch('rgb-counts', width);
  for (let x = 0; x < width; x++) counts[x] = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
  const fullWindowMean = scratch('rgb-full-window-mean', 255 * (2 * r + 1) + 1);
  for (let sum = 0; sum < fullWindowMean.length; sum++) fullWindowMean[sum] = sum / (2 * r + 1);
  const addEnd = Math.max(0, width - r);
  const subStart = Math.min(width, r + 1);

  const frame: RowMeansFrame = {
    data,
    width,
    c,
    r,
    x0,
    x1,
    ringRows,
    addEnd,
    subStart,
    counts,
    fullWindowMean,
    curve0,
    curve1,
    curve2,
    level0,
    level1,
    level2,
    curved0,
    curved1,
    curved2,
  };
  // A module function over a frame, not a closure made per call: V8 keeps one optimised copy of
  // it across calls, where a fresh closure each tile ran its first rows unoptimised, boxing
  // every intermediate sum (≈ 20 MB of garbage a tile, and the collections that follow).
  const rowMeans = lib.rgbRowMeans;

  const sumsLevel0 = scratch('rgb-sums-level-0', width).fill(0);
  const sumsLevel1 = scratch('rgb-sums-level-1', width).fill(0);
  const sumsLevel2 = scratch('rgb-sums-level-2', width).fill(0);
  const sumsCurved0 = scratch('rgb-sums-curved-0', width).fill(0);
  const sumsCurved1 = scratch('rgb-sums-curved-1', width).fill(0);
  const sumsCurved2 = scratch('rgb-sums-curved-2', width).fill(0);
  // The window of row y0 less its last row, which the loop below adds first.
  const top = Math.max(0, y0 - r);
  for (let y = top; y < Math.min(y0 + r, height); y++) {
    rowMeans(frame, y);
    const slot = (y % ringRows) * width;
    for (let x = x0; x < x1; x++) {
      sumsLevel0[x]! += level0[slot + x]!;
      sumsCurved0[x]! += curved0[slot + x]!;
      sumsLevel1[x]! += level1[slot + x]!;
      sumsCurved1[x]! += curved1[slot + x]!;
      sumsLevel2[x]! += level2[slot + x]!;
      sumsCurved2[x]! += curved2[slot + x]!;
    }
  }
  for (let y = y0; y < y1; y++) {
    let e = zeroSlot;
    if (y + r < height) {
      rowMeans(frame, y + r);
      e = ((y + r) % ringRows) * width;
    }
    // Row y − r − 1 leaves the window only if it was summed: from the top of the image, or of the span's first window.
    const l = y - r - 1 >= top ? ((y - r - 1) % ringRows) * width : zeroSlot;
    const count = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
    for (let x = x0, i = (y * width + x0) * c; x < x1; x++, i += c) {
      const sumLevel0 = sumsLevel0[x]! + level0[e + x]! - level0[l + x]!;
      const sumCurved0 = sumsCurved0[x]! + curved0[e + x]! - curved0[l + x]!;
      const sumLevel1 = sumsLevel1[x]! + level1[e + x]! - level1[l + x]!;
      const sumCurved1 = sumsCurved1[x]! + curved1[e + x]! - curved1[l + x]!;
      const sumLevel2 = sumsLevel2[x]! + level2[e + x]! - level2[l + x]!;
      const sumCurved2 = sumsCurved2[x]! + curved2[e + x]! - curved2[l + x]!;
      sumsLevel0[x] = sumLevel0;
      sumsCurved0[x] = sumCurved0;
      sumsLevel1[x] = sumLevel1;
      sumsCurved1[x] = sumCurved1;
      sumsLevel2[x] = sumLevel2;
      sumsCurved2[x] = sumCurved2;
      out0[x] = exactValue(curve0, data[i]!, sumLevel0 / count, sumCurved0 / count);
      out1[x] = exactValue(curve1, data[i + 1]!, sumLevel1 / count, sumCurved1 / count);
      out2[x] = exactValue(curve2, data[i + 2]!, sumLevel2 / count, sumCurved2 / count);
    }
    onRow(y, levels);
  }
}

/** What `rgbRowMeans` reads and writes: the image, its window's geometry, and the ring rows. */
export interface RowMeansFrame {
  data: Uint8Array;
  width: number;
  c: number;
  r: number;
  x0: number;
  x1: number;
  ringRows: number;
  addEnd: number;
  subStart: number;
  counts: Float64Array;
  fullWindowMean: Float64Array;
  curve0: Float64Array;
  curve1: Float64Array;
  curve2: Float64Array;
  level0: Float64Array;
  level1: Float64Array;
  level2: Float64Array;
  curved0: Float64Array;
  curved1: Float64Array;
  curved2: Float64Array;
}

/**
 * The row means of image row `y`, all three channels, columns `x0 ≤ x < x1`, into its ring
 * slot: each row's horizontal window sums of the levels and of the curved levels, slid along.
 */
export function rgbRowMeans(frame: RowMeansFrame, y: number): void {
  const { data, width, c, r, x0, x1, ringRows, addEnd, subStart, counts, fullWindowMean } = frame;
  const { curve0, curve1, curve2, level0, level1, level2, curved0, curved1, curved2 } = frame;
  const cr = c * r;
  const cr1 = c * (r + 1);
  const base = y * width * c;
  const slot = (y % ringRows) * width;
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  // The window of x0 − 1 (from the row's start at x0 = 0): the loops below slide it to x0 first.
  for (
    let x = Math.max(0, x0 - r - 1), end = Math.min(width, x0 + r), i = base + x * c;
    x < end;
    x++, i += c
  ) {
    const v0 = data[i]!;
    const v1 = data[i + 1]!;
    const v2 = data[i + 2]!;
    l0 += v0;
    s0 += curve0[v0]!;
    l1 += v1;
    s1 += curve1[v1]!;
    l2 += v2;
    s2 += curve2[v2]!;
  }
  let x = x0;
  let i = base + x0 * c;
  for (const end = Math.min(addEnd, subStart, x1); x < end; x++, i += c) {
    const v0 = data[i + cr]!;
    const v1 = data[i + cr + 1]!;
    const v2 = data[i + cr + 2]!;
    l0 += v0;
    s0 += curve0[v0]!;
    l1 += v1;
    s1 += curve1[v1]!;
    l2 += v2;
    s2 += curve2[v2]!;
    const count = counts[x]!;
    level0[slot + x] = l0 / count;
    curved0[slot + x] = s0 / count;
    level1[slot + x] = l1 / count;
    curved1[slot + x] = s1 / count;
    level2[slot + x] = l2 / count;
    curved2[slot + x] = s2 / count;
  }
  if (addEnd < subStart) {
    for (const end = Math.min(subStart, x1); x < end; x++, i += c) {
      const count = counts[x]!;
      level0[slot + x] = l0 / count;
      curved0[slot + x] = s0 / count;
      level1[slot + x] = l1 / count;
      curved1[slot + x] = s1 / count;
      level2[slot + x] = l2 / count;
      curved2[slot + x] = s2 / count;
    }
  } else {
    for (const end = Math.min(addEnd, x1); x < end; x++, i += c) {
      const v0 = data[i + cr]!;
      const v1 = data[i + cr + 1]!;
      const v2 = data[i + cr + 2]!;
      const u0 = data[i - cr1]!;
      const u1 = data[i - cr1 + 1]!;
      const u2 = data[i - cr1 + 2]!;
      l0 += v0;
      s0 += curve0[v0]!;
      l0 -= u0;
      s0 -= curve0[u0]!;
      l1 += v1;
      s1 += curve1[v1]!;
      l1 -= u1;
      s1 -= curve1[u1]!;
      l2 += v2;
      s2 += curve2[v2]!;
      l2 -= u2;
      s2 -= curve2[u2]!;
      const count = counts[x]!;
      level0[slot + x] = fullWindowMean[l0]!;
      curved0[slot + x] = s0 / count;
      level1[slot + x] = fullWindowMean[l1]!;
      curved1[slot + x] = s1 / count;
      level2[slot + x] = fullWindowMean[l2]!;
      curved2[slot + x] = s2 / count;
    }
  }
  for (; x < x1; x++, i += c) {
    const u0 = data[i - cr1]!;
    const u1 = data[i - cr1 + 1]!;
    const u2 = data[i - cr1 + 2]!;
    l0 -= u0;
    s0 -= curve0[u0]!;
    l1 -= u1;
    s1 -= curve1[u1]!;
    l2 -= u2;
    s2 -= curve2[u2]!;
    const count = counts[x]!;
    level0[slot + x] = l0 / count;
    curved0[slot + x] = s0 / count;
    level1[slot + x] = l1 / count;
    curved1[slot + x] = s1 / count;
    level2[slot + x] = l2 / count;
    curved2[slot + x] = s2 / count;
  }
}
