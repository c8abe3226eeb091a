import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canvasArb } from '../test/fixtures.js';
import { cellsIntersecting } from './cells.js';
import {
  ancestorsOf,
  cellsIntersectingAtLevel,
  cellWorldPx,
  childCells,
  childOffset,
  levelCellRect,
  parentCell,
  pyramidLevelCount,
  pyramidTopLevel,
} from './pyramid.js';
import { containsRect } from './rect.js';

describe('pyramid', () => {
  it('level sizes and examples of the top-level rule', () => {
    expect([0, 1, 2, 5].map(cellWorldPx)).toEqual([512, 1024, 2048, 16384]);
    expect(() => cellWorldPx(-1)).toThrow(RangeError);
    expect(pyramidTopLevel({ x: 0, y: 0, width: 1024, height: 1024 })).toBe(0);
    expect(pyramidTopLevel({ x: -512, y: 0, width: 1536, height: 1024 })).toBe(1);
    expect(pyramidTopLevel({ x: 0, y: 0, width: 2048, height: 1024 })).toBe(1);
    // Misaligned with the level-1 grid: 512…2560 spans 3 level-1 cells, 2 level-2 cells.
    expect(pyramidTopLevel({ x: 512, y: 0, width: 2048, height: 1024 })).toBe(2);
    expect(pyramidLevelCount({ x: 0, y: 0, width: 8192, height: 1024 })).toBe(4);
    expect(levelCellRect({ level: 2, cx: -1, cy: 3 })).toEqual({
      x: -2048,
      y: 6144,
      width: 2048,
      height: 2048,
    });
  });

  it('top level is the first whose grid covers the canvas in at most 2×2 cells', () => {
    fc.assert(
      fc.property(canvasArb(8192), (canvas) => {
        const top = pyramidTopLevel(canvas);
        const fits = (level: number) => {
          const cells = cellsIntersectingAtLevel(canvas, level);
          const cols = new Set(cells.map((c) => c.cx)).size;
          const rows = new Set(cells.map((c) => c.cy)).size;
          return cols <= 2 && rows <= 2;
        };
        expect(fits(top)).toBe(true);
        if (top > 0) expect(fits(top - 1)).toBe(false);
      }),
    );
  });

  it('parent/child relations', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (cx, cy) => {
        const kids = childCells({ cx, cy });
        expect(kids).toHaveLength(4);
        for (const kid of kids) expect(parentCell(kid)).toEqual({ cx, cy });
        expect(kids.map(childOffset)).toEqual([
          { x: 0, y: 0 },
          { x: 512, y: 0 },
          { x: 0, y: 512 },
          { x: 512, y: 512 },
        ]);
        const parentRect = levelCellRect({ level: 3, cx, cy });
        for (const kid of kids)
          expect(containsRect(parentRect, levelCellRect({ level: 2, ...kid }))).toBe(true);
      }),
    );
  });

  it('ancestorsOf lists every ancestor once, bottom-up, covering the changed cells', () => {
    fc.assert(
      fc.property(canvasArb(8192), (canvas) => {
        const top = pyramidTopLevel(canvas);
        const cells = cellsIntersecting(canvas);
        const ancestors = ancestorsOf(cells, top);
        const keys = ancestors.map((a) => `${a.level}:${a.cx},${a.cy}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (let i = 1; i < ancestors.length; i++) {
          const a = ancestors[i - 1]!;
          const b = ancestors[i]!;
          expect(
            a.level < b.level || (a.level === b.level && (a.cy < b.cy || (a.cy === b.cy && a.cx < b.cx))),
          ).toBe(true);
        }
        for (let level = 1; level <= top; level++) {
          const atLevel = ancestors.filter((a) => a.level === level).map(({ cx, cy }) => ({ cx, cy }));
          // For a whole canvas the ancestors at each level are exactly that level's covering cells.
          expect(atLevel).toEqual(cellsIntersectingAtLevel(canvas, level));
        }
        expect(ancestors.filter((a) => a.level === top).length).toBeLessThanOrEqual(top === 0 ? 0 : 4);
      }),
      { numRuns: 60 },
    );
  });
});
