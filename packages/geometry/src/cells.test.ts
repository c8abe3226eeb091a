import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellAt,
  cellKey,
  cellRangeIntersecting,
  cellRect,
  cellsIntersecting,
  parseCellKey,
} from './cells.js';
import { containsPoint, rectsIntersect } from './rect.js';

describe('cellsIntersecting', () => {
  it('examples, ordered by cy then cx', () => {
    expect(cellsIntersecting({ x: 0, y: 0, width: 1024, height: 1024 })).toEqual([
      { cx: 0, cy: 0 },
      { cx: 1, cy: 0 },
      { cx: 0, cy: 1 },
      { cx: 1, cy: 1 },
    ]);
    expect(cellsIntersecting({ x: -1, y: -1, width: 2, height: 2 })).toEqual([
      { cx: -1, cy: -1 },
      { cx: 0, cy: -1 },
      { cx: -1, cy: 0 },
      { cx: 0, cy: 0 },
    ]);
    expect(cellsIntersecting({ x: 512, y: 0, width: 512, height: 1 })).toEqual([{ cx: 1, cy: 0 }]);
    // The changed region of `right` on the starting canvas with F = 128 touches columns 1 and 2.
    expect(cellsIntersecting({ x: 896, y: 0, width: 640, height: 1024 })).toEqual([
      { cx: 1, cy: 0 },
      { cx: 2, cy: 0 },
      { cx: 1, cy: 1 },
      { cx: 2, cy: 1 },
    ]);
    expect(cellsIntersecting({ x: 5, y: 5, width: 0, height: 100 })).toEqual([]);
  });

  it('has a closed-form range: the first and last of the cells, null for an empty rect', () => {
    expect(cellRangeIntersecting({ x: 5, y: 5, width: 0, height: 100 })).toBeNull();
    expect(cellRangeIntersecting({ x: -513, y: 511, width: 1026, height: 2 })).toEqual({
      minCx: -2,
      minCy: 0,
      maxCx: 1,
      maxCy: 1,
    });
    fc.assert(
      fc.property(
        fc.record({
          x: fc.integer({ min: -3000, max: 3000 }),
          y: fc.integer({ min: -3000, max: 3000 }),
          width: fc.integer({ min: 1, max: 2500 }),
          height: fc.integer({ min: 1, max: 2500 }),
        }),
        (rect) => {
          const cells = cellsIntersecting(rect);
          const first = cells[0]!;
          const last = cells[cells.length - 1]!;
          expect(cellRangeIntersecting(rect)).toEqual({
            minCx: first.cx,
            minCy: first.cy,
            maxCx: last.cx,
            maxCy: last.cy,
          });
        },
      ),
    );
  });

  it('returns exactly the cells sharing a pixel with the rect', () => {
    fc.assert(
      fc.property(
        fc.record({
          x: fc.integer({ min: -3000, max: 3000 }),
          y: fc.integer({ min: -3000, max: 3000 }),
          width: fc.integer({ min: 1, max: 2500 }),
          height: fc.integer({ min: 1, max: 2500 }),
        }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (rect, sx, sy) => {
          const cells = cellsIntersecting(rect);
          for (const cell of cells) expect(rectsIntersect(cellRect(cell), rect)).toBe(true);
          // Neighbours just outside the returned block do not intersect.
          const first = cells[0]!;
          const last = cells[cells.length - 1]!;
          expect(rectsIntersect(cellRect({ cx: first.cx - 1, cy: first.cy }), rect)).toBe(false);
          expect(rectsIntersect(cellRect({ cx: last.cx, cy: last.cy + 1 }), rect)).toBe(false);
          // Any pixel of the rect lies in a returned cell.
          const p = { x: rect.x + (sx % rect.width), y: rect.y + (sy % rect.height) };
          expect(cells.some((c) => containsPoint(cellRect(c), p))).toBe(true);
          expect(cells.some((c) => cellKey(c) === cellKey(cellAt(p)))).toBe(true);
          const order = cells.map((c) => [c.cy, c.cx] as const);
          const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          expect(order).toEqual(sorted);
        },
      ),
    );
  });

  it('cell keys round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), (cx, cy) => {
        expect(parseCellKey(cellKey({ cx, cy }))).toEqual({ cx, cy });
      }),
    );
    expect(() => parseCellKey('1;2')).toThrow(RangeError);
  });
});
