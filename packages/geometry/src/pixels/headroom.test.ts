import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer } from '../../test/fixtures.js';
import type { PixelBuffer } from './buffer.js';
import { REFERENCE_HEADROOM, squeezeLevels } from './headroom.js';

/** A flat picture of one colour, 4×4-block aligned so the dither's mean is exact over it. */
function flat(width: number, height: number, rgb: [number, number, number]): PixelBuffer {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(rgb, p * 3);
  return { data, width, height, channels: 3 };
}

describe('squeezeLevels', () => {
  it('keeps every colour channel within the range, and alpha as it was', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 254 }),
        fc.integer({ min: 1, max: 255 }),
        fc.integer({ min: 0, max: 1000 }),
        (a, b, seed) => {
          fc.pre(a < b);
          const input = randomBuffer(12, 8, 4, seed);
          const before = input.data.slice();
          const out = squeezeLevels(input, { black: a, white: b });
          expect(input.data).toEqual(before);
          for (let i = 0; i < out.data.length; i++) {
            if (i % 4 === 3) expect(out.data[i]).toBe(input.data[i]);
            else {
              expect(out.data[i]).toBeGreaterThanOrEqual(a);
              expect(out.data[i]).toBeLessThanOrEqual(b);
            }
          }
        },
      ),
    );
  });

  it('maps black to black and white to white exactly, and keeps any level on the line on average', () => {
    const range = REFERENCE_HEADROOM;
    const scale = (range.white - range.black) / 255;
    expect(squeezeLevels(flat(4, 4, [0, 0, 0]), range).data.every((v) => v === range.black)).toBe(true);
    expect(squeezeLevels(flat(4, 4, [255, 255, 255]), range).data.every((v) => v === range.white)).toBe(true);
    for (const level of [1, 37, 128, 200, 254]) {
      const out = squeezeLevels(flat(8, 8, [level, level, level]), range);
      const mean = out.data.reduce((s, v) => s + v, 0) / out.data.length;
      // The ordered dither makes every 4×4 block average to the line, up to its 1/16 steps.
      expect(Math.abs(mean - (range.black + level * scale))).toBeLessThanOrEqual(1 / 32);
    }
  });

  it('is monotone in the level at every pixel', () => {
    const lower = squeezeLevels(flat(4, 4, [90, 90, 90]), REFERENCE_HEADROOM);
    const higher = squeezeLevels(flat(4, 4, [91, 91, 91]), REFERENCE_HEADROOM);
    for (let i = 0; i < lower.data.length; i++) expect(higher.data[i]).toBeGreaterThanOrEqual(lower.data[i]!);
  });

  it('leaves the pixels as they are for the full range', () => {
    const input = randomBuffer(9, 7, 3, 4);
    expect(squeezeLevels(input, { black: 0, white: 255 }).data).toEqual(input.data);
  });

  it('refuses a range that is empty, reversed, fractional or outside the bytes', () => {
    const input = randomBuffer(2, 2, 3, 1);
    for (const range of [
      { black: 100, white: 100 },
      { black: 200, white: 20 },
      { black: 0.5, white: 200 },
      { black: -1, white: 200 },
      { black: 0, white: 256 },
    ]) {
      expect(() => squeezeLevels(input, range)).toThrow(RangeError);
    }
  });
});
