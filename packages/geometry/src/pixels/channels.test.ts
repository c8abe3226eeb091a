import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer } from '../../test/fixtures.js';
import { flattenAlpha, toRgb, toRgba } from './channels.js';

describe('channel conversions', () => {
  it('toRgba then toRgb round-trips RGB and adds the given alpha', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (w, h, seed, alpha) => {
          const rgb = randomBuffer(w, h, 3, seed);
          const rgba = toRgba(rgb, alpha);
          expect(rgba.channels).toBe(4);
          for (let p = 0; p < w * h; p++) expect(rgba.data[p * 4 + 3]).toBe(alpha);
          expect(toRgb(rgba)).toEqual(rgb);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('flattenAlpha composites over the background', () => {
    const buf = {
      data: new Uint8Array([200, 100, 50, 255, 200, 100, 50, 0, 200, 100, 50, 128]),
      width: 3,
      height: 1,
      channels: 4 as const,
    };
    const out = flattenAlpha(buf, [10, 20, 30]);
    expect(out.channels).toBe(3);
    // a = 128: ⌊(200·128 + 10·127 + 127)/255⌋ = 105, ⌊(100·128 + 20·127 + 127)/255⌋ = 60, ⌊(50·128 + 30·127 + 127)/255⌋ = 40
    expect([...out.data]).toEqual([200, 100, 50, 10, 20, 30, 105, 60, 40]);
    expect([...flattenAlpha({ ...buf, data: buf.data.slice() }).data.subarray(3, 6)]).toEqual([0, 0, 0]);
  });

  it('flattenAlpha is exactly ⌊(c·a + bg·(255 − a) + 127) / 255⌋ on random pixels', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.tuple(
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
        ),
        (seed, bg) => {
          const buf = randomBuffer(16, 16, 4, seed);
          const out = flattenAlpha(buf, bg);
          const expected = new Uint8Array(16 * 16 * 3);
          for (let p = 0; p < 256; p++) {
            const a = buf.data[p * 4 + 3]!;
            for (let k = 0; k < 3; k++) {
              expected[p * 3 + k] = Math.floor((buf.data[p * 4 + k]! * a + bg[k]! * (255 - a) + 127) / 255);
            }
          }
          expect(out.data).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
