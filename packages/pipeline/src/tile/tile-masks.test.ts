import { blendWeights, planStep, type Rect, TILE_PX } from '@exquisite/geometry';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonZeroBox, tileMasks } from './tile-masks.js';

describe('tileMasks', () => {
  it('boxes the blended pixels: the new half and the feather strip, nothing of the untouched canvas', () => {
    const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1024 };
    for (const [direction, box] of [
      ['right', { x: 384, y: 0, width: 640, height: 1024 }],
      ['left', { x: 0, y: 0, width: 640, height: 1024 }],
      ['down', { x: 0, y: 384, width: 1024, height: 640 }],
      ['up', { x: 0, y: 0, width: 1024, height: 640 }],
    ] as const) {
      const tile = planStep(canvas, direction, { featherPx: 128 }).tiles[0]!;
      expect(tileMasks(tile, 128).blended).toEqual(box);
      // Every non-zero weight lies inside it.
      const weights = blendWeights(tile, 128);
      let outside = 0;
      for (let y = 0; y < TILE_PX; y++)
        for (let x = 0; x < TILE_PX; x++) {
          const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
          if (!inside && weights[y * TILE_PX + x] !== 0) outside++;
        }
      expect(outside).toBe(0);
    }
  });
});

describe('nonZeroBox', () => {
  it('is the smallest box holding every non-zero value (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.nat({ max: 143 }), { maxLength: 6 }),
        (width, height, spots) => {
          const plane = new Uint8Array(width * height);
          const set = spots.map((s) => s % (width * height));
          for (const i of set) plane[i] = 1;
          const box = nonZeroBox(plane, width, height);
          if (set.length === 0) {
            expect(box).toEqual({ x: 0, y: 0, width: 0, height: 0 });
            return;
          }
          const xs = set.map((i) => i % width);
          const ys = set.map((i) => Math.floor(i / width));
          expect(box).toEqual({
            x: Math.min(...xs),
            y: Math.min(...ys),
            width: Math.max(...xs) - Math.min(...xs) + 1,
            height: Math.max(...ys) - Math.min(...ys) + 1,
          });
        },
      ),
    );
  });
});
