import { describe, expect, it } from 'vitest';
import { applyResponses } from '../../test/fixtures.js';
import { createPixelBuffer, type PixelBuffer } from './buffer.js';
import { applyCurvesBlockExact, responseMatch } from './response-match.js';

const W = 256;
const H = 192;

/** A smooth, photograph-like picture with one-pixel texture; left half darker than the right. */
function picture(channels: 3 | 4 = 3, seed = 0): PixelBuffer {
  const buf = createPixelBuffer(W, H, channels, 200);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const texture = (x + y + seed) % 2 === 0 ? 5 : -5;
      for (let k = 0; k < 3; k++) {
        const wave = 40 * Math.sin(x / (17 + 5 * k) + k + seed) * Math.cos(y / 23);
        buf.data[(y * W + x) * channels + k] = Math.round(70 + x * 0.35 + wave + texture);
      }
    }
  }
  return buf;
}

/** Known = the left half (x < W/2). */
function leftHalf(): Uint8Array {
  const known = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) known.fill(1, y * W, y * W + W / 2);
  return known;
}

const RESPONSES = [
  { gain: 1.04, offset: 6 / 255, gamma: 0.8 },
  { gain: 1, offset: 6 / 255, gamma: 0.85 },
  { gain: 0.93, offset: 10 / 255, gamma: 1.15 },
];

/** What a model does to a whole image, rounded and clipped to bytes. */
const distort = (buf: PixelBuffer, responses = RESPONSES) => applyResponses(buf, responses);

/** Mean signed difference of channel k over the pixels where `where` holds. */
function meanDiff(
  a: PixelBuffer,
  b: PixelBuffer,
  k: number,
  where: (x: number, y: number) => boolean,
): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!where(x, y)) continue;
      const i = (y * W + x) * a.channels + k;
      sum += a.data[i]! - b.data[i]!;
      n++;
    }
  }
  return sum / n;
}

describe('responseMatch', () => {
  it('recovers a gain/lift/gamma response and inverts it beyond the known colours', () => {
    const truth = picture();
    const generated = distort(truth);
    const result = responseMatch(generated, truth, leftHalf(), { blockPx: 8 });
    expect(result.pairs).toBe((W / 2 / 8) * (H / 8));
    for (let k = 0; k < 3; k++) {
      const fitted = result.responses[k]!;
      expect(Math.abs(fitted.gain - RESPONSES[k]!.gain)).toBeLessThan(0.03);
      expect(Math.abs(fitted.gamma - RESPONSES[k]!.gamma)).toBeLessThan(0.05);
      expect(Math.abs(fitted.offset - RESPONSES[k]!.offset)).toBeLessThan(0.02);
      // The new (right, brighter) half comes back to the truth on average, well under a level.
      expect(Math.abs(meanDiff(result.buffer, truth, k, (x) => x >= W / 2))).toBeLessThan(0.3);
      expect(Math.abs(meanDiff(result.buffer, truth, k, (x) => x < W / 2))).toBeLessThan(0.3);
    }
  });

  it('is deterministic', () => {
    const truth = picture(3, 1);
    const generated = distort(truth);
    const a = responseMatch(generated, truth, leftHalf());
    const b = responseMatch(generated, truth, leftHalf());
    expect(Buffer.compare(a.buffer.data, b.buffer.data)).toBe(0);
    expect(a.responses).toEqual(b.responses);
  });

  it('returns an undistorted image byte for byte', () => {
    const truth = picture(3, 2);
    const result = responseMatch(truth, { ...truth, data: truth.data.slice() }, leftHalf());
    expect(Buffer.compare(result.buffer.data, truth.data)).toBe(0);
  });

  it('ignores clipped blocks when fitting', () => {
    const truth = picture(3, 3);
    // A strong gain: the brighter parts of the known half clip at 255 in red.
    const strong = [{ gain: 2, offset: 0, gamma: 1 }, RESPONSES[1]!, RESPONSES[2]!];
    const generated = distort(truth, strong);
    let clipped = 0;
    for (let p = 0; p < W * H; p++) if (generated.data[p * 3] === 255 && p % W < W / 2) clipped++;
    expect(clipped).toBeGreaterThan(100);
    const fitted = responseMatch(generated, truth, leftHalf(), { blockPx: 8 }).responses[0]!;
    // Blocks only partly clipped still pull the fit a little (docs/seams.md, limits).
    expect(Math.abs(fitted.gain - 2)).toBeLessThan(0.1);
    expect(Math.abs(fitted.gamma - 1)).toBeLessThan(0.1);
  });

  it('leaves alpha alone and the image unchanged with no known pixels', () => {
    const truth = picture(4, 4);
    const generated = distort(truth);
    const none = responseMatch(generated, truth, new Uint8Array(W * H));
    expect(Buffer.compare(none.buffer.data, generated.data)).toBe(0);
    expect(none.pairs).toBe(0);
    const some = responseMatch(generated, truth, leftHalf());
    for (let p = 0; p < W * H; p++) expect(some.buffer.data[p * 4 + 3]).toBe(200);
  });

  it('rejects mismatched inputs and bad block sizes', () => {
    const a = picture();
    expect(() => responseMatch(a, createPixelBuffer(W, H + 1, 3), leftHalf())).toThrow();
    expect(() => responseMatch(a, a, new Uint8Array(3))).toThrow();
    expect(() => responseMatch(a, a, leftHalf(), { blockPx: 0 })).toThrow(RangeError);
  });
});

describe('applyCurvesBlockExact', () => {
  /** Flat grey 100 under a ±40 checkerboard, the same in every channel. */
  function checkerboard(): PixelBuffer {
    const buf = createPixelBuffer(W, H, 3);
    for (let p = 0; p < W * H; p++) {
      const v = ((p % W) + Math.floor(p / W)) % 2 === 0 ? 140 : 60;
      buf.data.fill(v, p * 3, p * 3 + 3);
    }
    return buf;
  }
  const square = Float64Array.from({ length: 256 }, (_, v) => 255 * (v / 255) ** 2);
  const curves = [square, square, square];
  const interior = (x: number, y: number) => x >= 16 && x < W - 16 && y >= 16 && y < H - 16;

  it('keeps the window mean on the curve of the window mean, where a per-pixel curve misses it', () => {
    const input = checkerboard();
    const exact = applyCurvesBlockExact(input, curves, 8);
    const perPixel = applyCurvesBlockExact(input, curves, 0);
    const zero = createPixelBuffer(W, H, 3);
    const onCurve = square[100]!; // 39.2: the curve of the mean colour
    const jensen = (square[60]! + square[140]!) / 2; // 45.5: the mean of the curved pixels
    for (let k = 0; k < 3; k++) {
      // (0.25: a checkerboard lines up with the ordered dither's phases, its worst case.)
      expect(Math.abs(meanDiff(exact, zero, k, interior) - onCurve)).toBeLessThan(0.25);
      expect(Math.abs(meanDiff(perPixel, zero, k, interior) - jensen)).toBeLessThan(0.25);
    }
    // The texture still goes through the curve: its amplitude is the curve's, not the input's.
    const i = (40 * W + 40) * 3;
    expect(Math.abs(exact.data[i]! - exact.data[i + 3]!)).toBeGreaterThan(50);
  });

  it('returns identity channels exactly and is deterministic', () => {
    const input = picture();
    const identity = Float64Array.from({ length: 256 }, (_, v) => v);
    const same = applyCurvesBlockExact(input, [identity, identity, identity], 8);
    expect(Buffer.compare(same.data, input.data)).toBe(0);
    const a = applyCurvesBlockExact(input, curves, 8);
    const b = applyCurvesBlockExact(input, curves, 8);
    expect(Buffer.compare(a.data, b.data)).toBe(0);
    expect(() => applyCurvesBlockExact(input, [identity], 8)).toThrow(RangeError);
    expect(() => applyCurvesBlockExact(input, curves, -1)).toThrow(RangeError);
  });
});
