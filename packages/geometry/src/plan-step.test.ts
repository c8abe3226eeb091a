import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canvasArb, directionArb, featherArb } from '../test/fixtures.js';
import { FrameRuleError } from './canvas-rules.js';
import type { Direction } from './direction.js';
import { frontierStrip, planStep, stepWorkRect, tileLocalUnknown } from './plan-step.js';
import { containsRect, intersectRect, type Rect, rectArea } from './rect.js';

const r = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });

describe('planStep examples', () => {
  it('right on the starting 1024² canvas: one tile, default feather 128', () => {
    const plan = planStep(r(0, 0, 1024, 1024), 'right');
    expect(plan.direction).toBe('right');
    expect(plan.featherPx).toBe(128);
    expect(plan.before).toEqual(r(0, 0, 1024, 1024));
    expect(plan.after).toEqual(r(0, 0, 1536, 1024));
    expect(plan.newRegion).toEqual(r(1024, 0, 512, 1024));
    expect(plan.changedRegion).toEqual(r(896, 0, 640, 1024));
    expect(plan.tiles).toEqual([{ index: 0, rect: r(512, 0, 1024, 1024), unknown: r(1024, 0, 512, 1024) }]);
  });

  it('left on 1024×1536 with a hard seam: two tiles top to bottom', () => {
    const plan = planStep(r(0, 0, 1024, 1536), 'left', { featherPx: 0 });
    expect(plan.after).toEqual(r(-512, 0, 1536, 1536));
    expect(plan.newRegion).toEqual(r(-512, 0, 512, 1536));
    expect(plan.changedRegion).toEqual(plan.newRegion);
    expect(plan.tiles).toEqual([
      { index: 0, rect: r(-512, 0, 1024, 1024), unknown: r(-512, 0, 512, 1024) },
      { index: 1, rect: r(-512, 512, 1024, 1024), unknown: r(-512, 1024, 512, 512) },
    ]);
  });

  it('up on 3072×1024: five tiles left to right', () => {
    const plan = planStep(r(0, 0, 3072, 1024), 'up', { featherPx: 64 });
    expect(plan.after).toEqual(r(0, -512, 3072, 1536));
    expect(plan.newRegion).toEqual(r(0, -512, 3072, 512));
    expect(plan.changedRegion).toEqual(r(0, -512, 3072, 576));
    expect(plan.tiles.map((t) => t.rect)).toEqual(
      [0, 512, 1024, 1536, 2048].map((x) => r(x, -512, 1024, 1024)),
    );
    expect(plan.tiles.map((t) => t.unknown)).toEqual([
      r(0, -512, 1024, 512),
      r(1024, -512, 512, 512),
      r(1536, -512, 512, 512),
      r(2048, -512, 512, 512),
      r(2560, -512, 512, 512),
    ]);
    expect(plan.tiles.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('down on an off-origin 1536×2048 canvas with the widest feather', () => {
    const plan = planStep(r(-1024, 512, 1536, 2048), 'down', { featherPx: 512 });
    expect(plan.after).toEqual(r(-1024, 512, 1536, 2560));
    expect(plan.newRegion).toEqual(r(-1024, 2560, 1536, 512));
    expect(plan.changedRegion).toEqual(r(-1024, 2048, 1536, 1024));
    expect(plan.tiles).toEqual([
      { index: 0, rect: r(-1024, 2048, 1024, 1024), unknown: r(-1024, 2560, 1024, 512) },
      { index: 1, rect: r(-512, 2048, 1024, 1024), unknown: r(0, 2560, 512, 512) },
    ]);
  });

  it('right on a 2048×3072 canvas above the origin: five tiles', () => {
    const plan = planStep(r(512, -1024, 2048, 3072), 'right');
    expect(plan.after).toEqual(r(512, -1024, 2560, 3072));
    expect(plan.newRegion).toEqual(r(2560, -1024, 512, 3072));
    expect(plan.changedRegion).toEqual(r(2432, -1024, 640, 3072));
    expect(plan.tiles.map((t) => t.rect)).toEqual(
      [-1024, -512, 0, 512, 1024].map((y) => r(2048, y, 1024, 1024)),
    );
    expect(plan.tiles.map((t) => t.unknown)).toEqual([
      r(2560, -1024, 512, 1024),
      r(2560, 0, 512, 512),
      r(2560, 512, 512, 512),
      r(2560, 1024, 512, 512),
      r(2560, 1536, 512, 512),
    ]);
    expect(stepWorkRect(plan)).toEqual(r(2048, -1024, 1024, 3072));
  });

  it('left and up on 1536 edges move the origin and never move the old canvas', () => {
    const left = planStep(r(0, 0, 1536, 1536), 'left', { featherPx: 10 });
    expect(left.after).toEqual(r(-512, 0, 2048, 1536));
    expect(left.changedRegion).toEqual(r(-512, 0, 522, 1536));
    const up = planStep(r(0, 0, 1536, 1536), 'up', { featherPx: 10 });
    expect(up.after).toEqual(r(0, -512, 1536, 2048));
    expect(up.changedRegion).toEqual(r(0, -512, 1536, 522));
    expect(up.tiles.map((t) => t.unknown)).toEqual([r(0, -512, 1024, 512), r(1024, -512, 512, 512)]);
  });

  it('tile-local unknown rects', () => {
    const right = planStep(r(0, 0, 1024, 1536), 'right').tiles;
    expect(right.map(tileLocalUnknown)).toEqual([r(512, 0, 512, 1024), r(512, 512, 512, 512)]);
    const up = planStep(r(0, 0, 1536, 1024), 'up').tiles;
    expect(up.map(tileLocalUnknown)).toEqual([r(0, 0, 1024, 512), r(512, 0, 512, 512)]);
  });

  it('frontierStrip is the last 512 px on the growth side', () => {
    const c = r(-512, 0, 2048, 1024);
    expect(frontierStrip(c, 'right')).toEqual(r(1024, 0, 512, 1024));
    expect(frontierStrip(c, 'left')).toEqual(r(-512, 0, 512, 1024));
    expect(frontierStrip(c, 'down')).toEqual(r(-512, 512, 2048, 512));
    expect(frontierStrip(c, 'up')).toEqual(r(-512, 0, 2048, 512));
  });
});

describe('planStep frame rules', () => {
  const cases: Array<[string, Rect, Direction, number | undefined, string]> = [
    ['non-integer x', r(0.5, 0, 1024, 1024), 'right', undefined, 'canvas-integer'],
    ['NaN width', r(0, 0, Number.NaN, 1024), 'right', undefined, 'canvas-integer'],
    ['infinite height', r(0, 0, 1024, Number.POSITIVE_INFINITY), 'up', undefined, 'canvas-integer'],
    ['x not a multiple of 512', r(100, 0, 1024, 1024), 'right', undefined, 'canvas-multiple-of-512'],
    ['y not a multiple of 512', r(0, -256, 1024, 1024), 'down', undefined, 'canvas-multiple-of-512'],
    ['width not a multiple of 512', r(0, 0, 1100, 1024), 'left', undefined, 'canvas-multiple-of-512'],
    ['height not a multiple of 512', r(0, 0, 1024, 2000), 'left', undefined, 'canvas-multiple-of-512'],
    ['width below 1024', r(0, 0, 512, 1024), 'right', undefined, 'canvas-min-size'],
    ['height below 1024', r(0, 0, 1024, 0), 'up', undefined, 'canvas-min-size'],
    ['negative width', r(0, 0, -1024, 1024), 'up', undefined, 'canvas-min-size'],
    ['feather below 0', r(0, 0, 1024, 1024), 'right', -1, 'feather-range'],
    ['feather above 512', r(0, 0, 1024, 1024), 'right', 513, 'feather-range'],
    ['non-integer feather', r(0, 0, 1024, 1024), 'right', 1.5, 'feather-integer'],
    ['unknown direction', r(0, 0, 1024, 1024), 'sideways' as Direction, undefined, 'direction-known'],
  ];
  it.each(cases)('%s → RangeError naming %s', (_name, canvas, direction, featherPx, rule) => {
    let caught: unknown;
    try {
      planStep(canvas, direction, featherPx === undefined ? {} : { featherPx });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RangeError);
    expect(caught).toBeInstanceOf(FrameRuleError);
    expect((caught as FrameRuleError).rule).toBe(rule);
    expect((caught as Error).message).toContain(rule);
  });

  it('accepts the extreme feathers 0 and 512', () => {
    expect(planStep(r(0, 0, 1024, 1024), 'down', { featherPx: 0 }).featherPx).toBe(0);
    expect(planStep(r(0, 0, 1024, 1024), 'down', { featherPx: 512 }).featherPx).toBe(512);
  });
});

describe('planStep properties', () => {
  const planArb = fc
    .tuple(canvasArb(), directionArb, featherArb)
    .map(([canvas, direction, featherPx]) => planStep(canvas, direction, { featherPx }));

  it('I1: the canvas grows by exactly 512 on the chosen side and the old canvas stays inside', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { before: b, after: a } = plan;
        const expected = {
          right: r(b.x, b.y, b.width + 512, b.height),
          left: r(b.x - 512, b.y, b.width + 512, b.height),
          down: r(b.x, b.y, b.width, b.height + 512),
          up: r(b.x, b.y - 512, b.width, b.height + 512),
        }[plan.direction];
        expect(a).toEqual(expected);
        expect(containsRect(a, b)).toBe(true);
        expect(containsRect(a, plan.newRegion)).toBe(true);
        expect(intersectRect(b, plan.newRegion)).toBeNull();
        expect(rectArea(a)).toBe(rectArea(b) + rectArea(plan.newRegion));
      }),
      { numRuns: 200 },
    );
  });

  it('tiles: n = E/512 − 1, 1024² each, half in the old canvas, ordered along the edge', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const horizontal = plan.direction === 'right' || plan.direction === 'left';
        const edge = horizontal ? plan.before.height : plan.before.width;
        expect(plan.tiles).toHaveLength(edge / 512 - 1);
        plan.tiles.forEach((tile, i) => {
          expect(tile.index).toBe(i);
          expect(tile.rect.width).toBe(1024);
          expect(tile.rect.height).toBe(1024);
          expect(containsRect(plan.after, tile.rect)).toBe(true);
          expect(rectArea(intersectRect(tile.rect, plan.before) ?? r(0, 0, 0, 0))).toBe(512 * 1024);
          expect(rectArea(intersectRect(tile.rect, plan.newRegion) ?? r(0, 0, 0, 0))).toBe(512 * 1024);
          const along = horizontal ? tile.rect.y - plan.before.y : tile.rect.x - plan.before.x;
          expect(along).toBe(512 * i);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('unknown parts are pairwise disjoint and exactly tile the new region', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        let total = 0;
        plan.tiles.forEach((tile, i) => {
          expect(containsRect(tile.rect, tile.unknown)).toBe(true);
          expect(containsRect(plan.newRegion, tile.unknown)).toBe(true);
          expect(rectArea(tile.unknown)).toBe(i === 0 ? 512 * 1024 : 512 * 512);
          total += rectArea(tile.unknown);
          for (const other of plan.tiles.slice(0, i))
            expect(intersectRect(tile.unknown, other.unknown)).toBeNull();
          if (i > 0) {
            // What tile i sees of the new region but does not have to invent was made by earlier tiles.
            const part = intersectRect(tile.rect, plan.newRegion)!;
            const madeEarlier = plan.tiles
              .slice(0, i)
              .reduce((sum, t) => sum + rectArea(intersectRect(t.unknown, part) ?? r(0, 0, 0, 0)), 0);
            expect(madeEarlier).toBe(rectArea(part) - rectArea(tile.unknown));
          }
        });
        expect(total).toBe(rectArea(plan.newRegion));
      }),
      { numRuns: 200 },
    );
  });

  it('changedRegion is the new region plus the F-deep strip of old canvas along the edge', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const edge =
          plan.direction === 'right' || plan.direction === 'left' ? plan.before.height : plan.before.width;
        expect(containsRect(plan.changedRegion, plan.newRegion)).toBe(true);
        expect(containsRect(plan.after, plan.changedRegion)).toBe(true);
        expect(rectArea(plan.changedRegion)).toBe((512 + plan.featherPx) * edge);
        const oldPart = intersectRect(plan.changedRegion, plan.before);
        expect(rectArea(oldPart ?? r(0, 0, 0, 0))).toBe(plan.featherPx * edge);
        expect(containsRect(plan.changedRegion, frontierStrip(plan.before, plan.direction))).toBe(
          plan.featherPx === 512,
        );
      }),
      { numRuns: 200 },
    );
  });
});
