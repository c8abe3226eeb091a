import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer, sameBytes } from '../../test/fixtures.js';
import { cellRect, cellsIntersecting } from '../cells.js';
import { createPixelBuffer } from './buffer.js';
import { bufferWorldRect, crop, localToWorld, paste, regionEquals, worldToLocal } from './crop-paste.js';

describe('crop and paste', () => {
  it('crop copies exactly the rect and rejects rects outside the buffer', () => {
    const buf = randomBuffer(6, 5, 3, 4);
    const out = crop(buf, { x: 2, y: 1, width: 3, height: 2 });
    expect(out.width).toBe(3);
    expect(out.height).toBe(2);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 3; x++) {
        for (let k = 0; k < 3; k++) {
          expect(out.data[(y * 3 + x) * 3 + k]).toBe(buf.data[((y + 1) * 6 + x + 2) * 3 + k]);
        }
      }
    }
    expect(() => crop(buf, { x: 4, y: 0, width: 3, height: 1 })).toThrow(RangeError);
    expect(() => crop(buf, { x: -1, y: 0, width: 1, height: 1 })).toThrow(RangeError);
  });

  it('paste clips and writes exactly the overlapping pixels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -14, max: 14 }),
        fc.integer({ min: -14, max: 14 }),
        fc.constantFrom(3 as const, 4 as const),
        fc.nat(),
        (dw, dh, sw, sh, ax, ay, c, seed) => {
          const dst = randomBuffer(dw, dh, c, seed);
          const before = dst.data.slice();
          const src = randomBuffer(sw, sh, c, seed + 1);
          const written = paste(dst, src, { x: ax, y: ay });
          let count = 0;
          for (let y = 0; y < dh; y++) {
            for (let x = 0; x < dw; x++) {
              const inside = x >= ax && y >= ay && x < ax + sw && y < ay + sh;
              if (inside) count++;
              for (let k = 0; k < c; k++) {
                const expected = inside
                  ? src.data[((y - ay) * sw + (x - ax)) * c + k]
                  : before[(y * dw + x) * c + k];
                expect(dst.data[(y * dw + x) * c + k]).toBe(expected);
              }
            }
          }
          expect(written === null ? 0 : written.width * written.height).toBe(count);
        },
      ),
      { numRuns: 150 },
    );
    expect(() => paste(createPixelBuffer(2, 2, 3), createPixelBuffer(1, 1, 4), { x: 0, y: 0 })).toThrow(
      RangeError,
    );
  });

  it('assembles a tile from world cells and cuts them back out (world ↔ local)', () => {
    const tileOrigin = { x: -512, y: 1024 };
    const tileWorld = { x: -512, y: 1024, width: 1024, height: 1024 };
    const cells = cellsIntersecting(tileWorld);
    expect(cells).toHaveLength(4);
    const images = cells.map((_, i) => randomBuffer(512, 512, 3, 100 + i));
    const tile = createPixelBuffer(1024, 1024, 3);
    cells.forEach((cell, i) => {
      const local = worldToLocal(cellRect(cell), tileOrigin);
      paste(tile, images[i]!, local);
    });
    expect(bufferWorldRect(tile, tileOrigin)).toEqual(tileWorld);
    cells.forEach((cell, i) => {
      const local = worldToLocal(cellRect(cell), tileOrigin);
      expect(localToWorld(local, tileOrigin)).toEqual(cellRect(cell));
      expect(sameBytes(crop(tile, local).data, images[i]!.data)).toBe(true);
    });
  });
});

describe('regionEquals', () => {
  it('says what comparing crop(buf, rect) with the pixels would, and sees a single changed byte', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(3 as const, 4 as const),
        fc.nat(),
        fc.nat(),
        (w, h, c, seed, pick) => {
          const buf = randomBuffer(w + 3, h + 2, c, seed);
          const rect = { x: seed % 4, y: seed % 3, width: w, height: h };
          const pixels = crop(buf, rect);
          expect(regionEquals(buf, rect, pixels)).toBe(true);
          const k = pick % pixels.data.length;
          pixels.data[k] = (pixels.data[k]! + 1) & 0xff;
          expect(regionEquals(buf, rect, pixels)).toBe(false);
        },
      ),
    );
  });

  it('refuses pixels of another shape or a rect outside the buffer', () => {
    const buf = createPixelBuffer(4, 4, 3);
    expect(() => regionEquals(buf, { x: 0, y: 0, width: 2, height: 2 }, createPixelBuffer(2, 3, 3))).toThrow(
      RangeError,
    );
    expect(() => regionEquals(buf, { x: 3, y: 0, width: 2, height: 2 }, createPixelBuffer(2, 2, 3))).toThrow(
      RangeError,
    );
  });
});
