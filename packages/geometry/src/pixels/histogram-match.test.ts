import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer } from '../../test/fixtures.js';
import type { PixelBuffer } from './buffer.js';
import { colorMatch } from './color-match.js';
import { histogramMatch } from './histogram-match.js';

/** A smooth RGB image: three different ramps, so every channel covers a wide range. */
function ramps(width: number, height: number): PixelBuffer {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((255 * x) / (width - 1));
      data[i + 1] = Math.round((200 * y) / (height - 1)) + 20;
      data[i + 2] = Math.round((127 * (x + y)) / (width + height - 2)) + 60;
    }
  }
  return { data, width, height, channels: 3 };
}

/** What a model does to colours: gamma, per-channel gain, brightness offset. */
function distort(buf: PixelBuffer, gamma: number, gains: number[], offset: number): PixelBuffer {
  const data = buf.data.map((v, i) => {
    const x = 255 * (v / 255) ** gamma * gains[i % 3]! + offset;
    return Math.max(0, Math.min(255, Math.round(x)));
  });
  return { ...buf, data };
}

const maxError = (a: PixelBuffer, b: PixelBuffer, known: Uint8Array): number => {
  let worst = 0;
  for (let p = 0; p < known.length; p++) {
    if (known[p] === 0) continue;
    for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(a.data[p * 3 + k]! - b.data[p * 3 + k]!));
  }
  return worst;
};

describe('histogramMatch', () => {
  it('is the identity when the generated image already matches the reference', () => {
    const ref = randomBuffer(40, 30, 3, 5);
    const known = new Uint8Array(40 * 30).fill(1);
    for (let p = 0; p < 300; p++) known[p] = 0;
    const out = histogramMatch({ ...ref, data: ref.data.slice() }, ref, known);
    expect(out.buffer.data).toEqual(ref.data);
    expect(out.knownPixels).toBe(900);
  });

  it('undoes gamma + gain + offset on the known pixels, where mean/std transfer cannot', () => {
    const ref = ramps(128, 96);
    // No clipping: a clipped value cannot be recovered by any transfer.
    const gen = distort(ref, 0.85, [0.92, 0.95, 0.9], 8);
    const known = new Uint8Array(128 * 96).fill(1);
    const histogram = histogramMatch(gen, ref, known).buffer;
    const meanStd = colorMatch(gen, ref, known).buffer;
    expect(maxError(histogram, ref, known)).toBeLessThanOrEqual(3);
    expect(maxError(meanStd, ref, known)).toBeGreaterThan(maxError(histogram, ref, known));
  });

  it('keeps colours the known pixels never take ordered and unsnapped (extrapolates beyond the range)', () => {
    // Known pixels span 50…150; the unknown part holds 200 and 250, brighter than anything known.
    const width = 101;
    const data = new Uint8Array(width * 2 * 3);
    for (let x = 0; x < width; x++) data.fill(50 + x, x * 3, x * 3 + 3);
    data.fill(200, width * 3, width * 3 + 3);
    data.fill(250, (width + 1) * 3, (width + 1) * 3 + 3);
    const gen = { data, width, height: 2, channels: 3 as const };
    const known = new Uint8Array(width * 2);
    known.fill(1, 0, width);
    const out = histogramMatch(gen, gen, known).buffer;
    expect(out.data[width * 3]).toBe(200);
    expect(out.data[(width + 1) * 3]).toBe(250);
  });

  it('tables are monotone, so texture order is never scrambled (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 400 }), (seed, knownCount) => {
        const gen = randomBuffer(20, 20, 3, seed, 30, 220);
        const ref = randomBuffer(20, 20, 3, seed + 1);
        const known = new Uint8Array(400);
        known.fill(1, 0, knownCount);
        const { tables } = histogramMatch(gen, ref, known);
        for (const table of tables)
          for (let v = 1; v < 256; v++) expect(table[v]!).toBeGreaterThanOrEqual(table[v - 1]!);
      }),
      { numRuns: 100 },
    );
  });

  it('with no known pixels returns the image unchanged; alpha is never touched', () => {
    const gen = randomBuffer(16, 16, 4, 1);
    const ref = randomBuffer(16, 16, 4, 2);
    expect(histogramMatch(gen, ref, new Uint8Array(256)).buffer.data).toEqual(gen.data);
    const matched = histogramMatch(gen, ref, new Uint8Array(256).fill(1)).buffer;
    for (let p = 0; p < 256; p++) expect(matched.data[p * 4 + 3]).toBe(gen.data[p * 4 + 3]);
  });

  it('rejects mismatched shapes', () => {
    const a = randomBuffer(4, 4, 3, 1);
    expect(() => histogramMatch(a, randomBuffer(4, 5, 3, 1), new Uint8Array(16))).toThrow(RangeError);
    expect(() => histogramMatch(a, a, new Uint8Array(15))).toThrow(RangeError);
  });
});
