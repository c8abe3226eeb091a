import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  chebyshevDistanceToRect,
  containsPoint,
  containsRect,
  intersectRect,
  isEmptyRect,
  type Rect,
  rectArea,
  rectEquals,
  rectsIntersect,
  subtractRect,
  translateRect,
} from './rect.js';

const rectArb: fc.Arbitrary<Rect> = fc.record({
  x: fc.integer({ min: -50, max: 50 }),
  y: fc.integer({ min: -50, max: 50 }),
  width: fc.integer({ min: 0, max: 40 }),
  height: fc.integer({ min: 0, max: 40 }),
});

describe('rect algebra', () => {
  it('examples', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(intersectRect(a, { x: 5, y: -5, width: 10, height: 8 })).toEqual({
      x: 5,
      y: 0,
      width: 5,
      height: 3,
    });
    expect(intersectRect(a, { x: 10, y: 0, width: 5, height: 5 })).toBeNull();
    expect(boundsOf([a, { x: -3, y: 4, width: 2, height: 20 }])).toEqual({
      x: -3,
      y: 0,
      width: 13,
      height: 24,
    });
    expect(() => boundsOf([])).toThrow(RangeError);
    expect(rectArea({ x: 0, y: 0, width: -2, height: 5 })).toBe(0);
    expect(isEmptyRect({ x: 0, y: 0, width: 0, height: 5 })).toBe(true);
    expect(translateRect(a, -4, 7)).toEqual({ x: -4, y: 7, width: 10, height: 10 });
    expect(rectEquals(a, { ...a })).toBe(true);
    expect(rectEquals(a, { ...a, height: 9 })).toBe(false);
    expect(chebyshevDistanceToRect(a, { x: 12, y: -1 })).toBe(3);
    expect(chebyshevDistanceToRect(a, { x: 9, y: 9 })).toBe(0);
    expect(chebyshevDistanceToRect(a, { x: 10, y: 10 })).toBe(1);
  });

  it('intersection is the set of common pixels', () => {
    fc.assert(
      fc.property(
        rectArb,
        rectArb,
        fc.integer({ min: -60, max: 100 }),
        fc.integer({ min: -60, max: 100 }),
        (a, b, x, y) => {
          const both = containsPoint(a, { x, y }) && containsPoint(b, { x, y });
          const i = intersectRect(a, b);
          expect(i !== null && containsPoint(i, { x, y })).toBe(both);
          expect(rectsIntersect(a, b)).toBe(i !== null);
          if (i) expect(containsRect(a, i) && containsRect(b, i)).toBe(true);
        },
      ),
    );
  });

  it('bounds contain every input and are the smallest such rect', () => {
    fc.assert(
      fc.property(fc.array(rectArb, { minLength: 1, maxLength: 5 }), (rects) => {
        const nonEmpty = rects.filter((r) => !isEmptyRect(r));
        fc.pre(nonEmpty.length > 0);
        const b = boundsOf(rects);
        for (const r of nonEmpty) expect(containsRect(b, r)).toBe(true);
        expect(b.x).toBe(Math.min(...nonEmpty.map((r) => r.x)));
        expect(b.y + b.height).toBe(Math.max(...nonEmpty.map((r) => r.y + r.height)));
      }),
    );
  });
});

describe('subtractRect', () => {
  it('cuts a band off one side, or a hole into four pieces', () => {
    const a = { x: 0, y: 0, width: 1024, height: 1024 };
    expect(subtractRect(a, { x: 384, y: 0, width: 640, height: 1024 })).toEqual([
      { x: 0, y: 0, width: 384, height: 1024 },
    ]);
    expect(subtractRect(a, { x: 10, y: 20, width: 30, height: 40 })).toHaveLength(4);
    expect(subtractRect(a, { x: -5, y: -5, width: 2000, height: 2000 })).toEqual([]);
    expect(subtractRect(a, { x: 2000, y: 0, width: 10, height: 10 })).toEqual([a]);
  });

  it('covers exactly the pixels of a outside b, with disjoint non-empty pieces', () => {
    const small = fc.record({
      x: fc.integer({ min: -6, max: 6 }),
      y: fc.integer({ min: -6, max: 6 }),
      width: fc.integer({ min: 0, max: 10 }),
      height: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(small, small, (a, b) => {
        const pieces = subtractRect(a, b);
        expect(pieces.length).toBeLessThanOrEqual(4);
        for (const r of pieces) expect(isEmptyRect(r)).toBe(false);
        for (let y = -8; y < 18; y++) {
          for (let x = -8; x < 18; x++) {
            const p = { x, y };
            const inPieces = pieces.filter((r) => containsPoint(r, p)).length;
            const expected = containsPoint(a, p) && !containsPoint(b, p) ? 1 : 0;
            expect(inPieces).toBe(expected);
          }
        }
      }),
    );
  });
});
