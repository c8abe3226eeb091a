import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canvasArb, directionArb, featherArb } from '../test/fixtures.js';
import { cellRect } from './cells.js';
import { planStep, stepWorkRect } from './plan-step.js';
import { containsRect, rectsIntersect } from './rect.js';
import { stepChangedCells, stepSourceCells } from './step-cells.js';

describe('step cells', () => {
  it('example: right on the starting canvas', () => {
    const plan = planStep({ x: 0, y: 0, width: 1024, height: 1024 }, 'right', { featherPx: 128 });
    expect(stepChangedCells(plan)).toEqual([
      { cx: 1, cy: 0 },
      { cx: 2, cy: 0 },
      { cx: 1, cy: 1 },
      { cx: 2, cy: 1 },
    ]);
    expect(stepSourceCells(plan)).toEqual([
      { cx: 1, cy: 0 },
      { cx: 1, cy: 1 },
    ]);
    const hard = planStep({ x: 0, y: 0, width: 1024, height: 1024 }, 'up', { featherPx: 0 });
    expect(stepChangedCells(hard)).toEqual([
      { cx: 0, cy: -1 },
      { cx: 1, cy: -1 },
    ]);
  });

  it('changed cells lie inside the work rect and the new canvas; source cells inside the old canvas', () => {
    fc.assert(
      fc.property(canvasArb(), directionArb, featherArb, (canvas, direction, featherPx) => {
        const plan = planStep(canvas, direction, { featherPx });
        const work = stepWorkRect(plan);
        const changed = stepChangedCells(plan);
        for (const cell of changed) {
          expect(rectsIntersect(cellRect(cell), plan.changedRegion)).toBe(true);
          expect(containsRect(work, cellRect(cell))).toBe(true);
          expect(containsRect(plan.after, cellRect(cell))).toBe(true);
        }
        const edgeCells =
          (direction === 'right' || direction === 'left' ? canvas.height : canvas.width) / 512;
        expect(changed).toHaveLength(edgeCells * (featherPx === 0 ? 1 : 2));
        const sources = stepSourceCells(plan);
        expect(sources).toHaveLength(edgeCells);
        for (const cell of sources) expect(containsRect(plan.before, cellRect(cell))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
