import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockExactRowsRgb } from './block-exact-rgb.js';
import { createPixelBuffer } from './buffer.js';

/** A gamma-like curve per channel, so the block-exact term is not zero. */
const curves = [0.8, 1, 1.25].map((g) => Float64Array.from({ length: 256 }, (_, v) => 255 * (v / 255) ** g));

function rowsOf(
  buf: ReturnType<typeof createPixelBuffer>,
  radius: number,
  span?: Parameters<typeof blockExactRowsRgb>[4],
) {
  const rows = new Map<number, number[][]>();
  blockExactRowsRgb(
    buf,
    curves,
    radius,
    (y, levels) =>
      rows.set(
        y,
        levels.map((l) => Array.from(l)),
      ),
    span,
  );
  return rows;
}

describe('blockExactRowsRgb with a span', () => {
  it('gives the whole image’s levels inside the span, to rounding, and no other rows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 40 * 30 * 3, maxLength: 40 * 30 * 3 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (width, height, radius, values, a, b, c, d) => {
          const buf = createPixelBuffer(width, height, 3);
          buf.data.set(values.slice(0, width * height * 3));
          const [x0, x1] = [a % (width + 1), b % (width + 1)].sort((p, q) => p - q) as [number, number];
          const [y0, y1] = [c % (height + 1), d % (height + 1)].sort((p, q) => p - q) as [number, number];
          const whole = rowsOf(buf, radius);
          const part = rowsOf(buf, radius, { x0, x1, y0, y1 });
          expect([...part.keys()]).toEqual(x0 < x1 ? Array.from({ length: y1 - y0 }, (_, i) => y0 + i) : []);
          for (const [y, levels] of part)
            for (let k = 0; k < 3; k++)
              for (let x = x0; x < x1; x++) expect(levels[k]![x]).toBeCloseTo(whole.get(y)![k]![x]!, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a span outside the image', () => {
    const buf = createPixelBuffer(8, 8, 3);
    expect(() => blockExactRowsRgb(buf, curves, 2, () => {}, { x0: 0, x1: 9, y0: 0, y1: 8 })).toThrow(
      RangeError,
    );
    expect(() => blockExactRowsRgb(buf, curves, 2, () => {}, { x0: 5, x1: 4, y0: 0, y1: 8 })).toThrow(
      RangeError,
    );
  });
});
