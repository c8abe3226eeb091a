import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer } from '../../test/fixtures.js';
import { createPixelBuffer } from './buffer.js';
import { toRgba } from './channels.js';
import { paste } from './crop-paste.js';
import { downsample2x, downsample2xInto } from './downsample.js';

describe('downsample2x', () => {
  it('known values: 2×2 box filter rounding half up', () => {
    const buf = {
      // 4×2 RGB: left block R = 1,2,3,4 → 3; G = 0,0,0,1 → 0; B = 0,0,1,1 → 1 (0.5 rounds up)
      // right block: all 255 → 255; 0,255,0,255 → 128; 10,11,12,13 → 12 (11.5 rounds up)
      data: new Uint8Array([
        1, 0, 0, 2, 0, 0, 255, 0, 10, 255, 255, 11, 3, 0, 1, 4, 1, 1, 255, 0, 12, 255, 255, 13,
      ]),
      width: 4,
      height: 2,
      channels: 3 as const,
    };
    const out = downsample2x(buf);
    expect(out.width).toBe(2);
    expect(out.height).toBe(1);
    expect([...out.data]).toEqual([3, 0, 1, 255, 128, 12]);
  });

  it('equals ⌊(a+b+c+d+2)/4⌋ for 3 and 4 channels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(3 as const, 4 as const),
        fc.nat(),
        (hw, hh, c, seed) => {
          const buf = randomBuffer(hw * 2, hh * 2, c, seed);
          const out = downsample2x(buf);
          expect(out.channels).toBe(c);
          const at = (x: number, y: number, k: number) => buf.data[(y * buf.width + x) * c + k]!;
          for (let y = 0; y < hh; y++) {
            for (let x = 0; x < hw; x++) {
              for (let k = 0; k < c; k++) {
                const sum =
                  at(2 * x, 2 * y, k) +
                  at(2 * x + 1, 2 * y, k) +
                  at(2 * x, 2 * y + 1, k) +
                  at(2 * x + 1, 2 * y + 1, k);
                expect(out.data[(y * hw + x) * c + k]).toBe(Math.floor((sum + 2) / 4));
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects odd sides', () => {
    expect(() => downsample2x(randomBuffer(3, 2, 3, 1))).toThrow(RangeError);
  });
});

describe('downsample2xInto', () => {
  it('equals downsample2x, made RGBA when the destination is, pasted at the offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(3 as const, 4 as const),
        fc.constantFrom(3 as const, 4 as const),
        fc.nat(8),
        fc.nat(8),
        fc.nat(),
        (hw, hh, c, dc, ax, ay, seed) => {
          if (c > dc) return;
          const src = randomBuffer(hw * 2, hh * 2, c, seed);
          const dst = randomBuffer(hw + ax + 3, hh + ay + 2, dc, seed + 1);
          const expected = { ...dst, data: dst.data.slice() };
          const half = downsample2x(src);
          paste(expected, half.channels === dc ? half : toRgba(half), { x: ax, y: ay });
          downsample2xInto(dst, src, { x: ax, y: ay });
          expect([...dst.data]).toEqual([...expected.data]);
        },
      ),
    );
  });

  it('refuses a half that does not fit, odd sides, and RGBA into RGB', () => {
    const dst = createPixelBuffer(4, 4, 4);
    expect(() => downsample2xInto(dst, createPixelBuffer(10, 2, 3), { x: 0, y: 0 })).toThrow(RangeError);
    expect(() => downsample2xInto(dst, createPixelBuffer(4, 4, 3), { x: 3, y: 0 })).toThrow(RangeError);
    expect(() => downsample2xInto(dst, createPixelBuffer(3, 2, 3), { x: 0, y: 0 })).toThrow(RangeError);
    expect(() =>
      downsample2xInto(createPixelBuffer(4, 4, 3), createPixelBuffer(2, 2, 4), { x: 0, y: 0 }),
    ).toThrow(RangeError);
  });
});
