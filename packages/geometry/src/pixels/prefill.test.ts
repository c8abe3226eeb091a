import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directionArb, randomBuffer } from '../../test/fixtures.js';
import { planStep, tileLocalUnknown } from '../plan-step.js';
import { containsPoint, type Rect } from '../rect.js';
import { prefill } from './prefill.js';

function pixel(data: Uint8Array, width: number, c: number, x: number, y: number): number[] {
  const i = (y * width + x) * c;
  return [...data.subarray(i, i + c)];
}

describe('prefill', () => {
  it('smear copies the frontier pixel along the growth axis; known pixels stay', () => {
    fc.assert(
      fc.property(
        directionArb,
        fc.constantFrom(3 as const, 4 as const),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 2, max: 20 }),
        fc.nat(),
        fc.nat(),
        (direction, c, width, height, seed, pick) => {
          // An unknown rect that reaches the buffer edge on the growth side, leaving a known frontier.
          const horizontal = direction === 'right' || direction === 'left';
          const depth = 1 + (pick % ((horizontal ? width : height) - 1));
          const span0 = pick % (horizontal ? height : width);
          const span = (horizontal ? height : width) - span0;
          const unknown: Rect = {
            right: { x: width - depth, y: span0, width: depth, height: span },
            left: { x: 0, y: span0, width: depth, height: span },
            down: { x: span0, y: height - depth, width: span, height: depth },
            up: { x: span0, y: 0, width: span, height: depth },
          }[direction];
          const buf = randomBuffer(width, height, c, seed);
          const before = buf.data.slice();
          const out = prefill(buf, unknown, direction);
          expect(buf.data).toEqual(before);
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              if (!containsPoint(unknown, { x, y })) {
                expect(pixel(out.data, width, c, x, y)).toEqual(pixel(before, width, c, x, y));
                continue;
              }
              const source = {
                right: [unknown.x - 1, y],
                left: [unknown.x + unknown.width, y],
                down: [x, unknown.y - 1],
                up: [x, unknown.y + unknown.height],
              }[direction] as [number, number];
              expect(pixel(out.data, width, c, x, y)).toEqual(pixel(before, width, c, ...source));
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('black fills colour 0 and opaque alpha', () => {
    const buf = randomBuffer(4, 3, 4, 1);
    const out = prefill(buf, { x: 2, y: 0, width: 2, height: 3 }, 'right', 'black');
    for (let y = 0; y < 3; y++) {
      expect(pixel(out.data, 4, 4, 2, y)).toEqual([0, 0, 0, 255]);
      expect(pixel(out.data, 4, 4, 3, y)).toEqual([0, 0, 0, 255]);
      expect(pixel(out.data, 4, 4, 1, y)).toEqual(pixel(buf.data, 4, 4, 1, y));
    }
  });

  it('has a frontier inside the tile for every tile of every plan', () => {
    for (const direction of ['right', 'left', 'up', 'down'] as const) {
      const plan = planStep({ x: 0, y: 0, width: 1536, height: 1536 }, direction);
      for (const tile of plan.tiles) {
        const buf = randomBuffer(1024, 1024, 3, tile.index + 11);
        const out = prefill(buf, tileLocalUnknown(tile), direction);
        const u = tileLocalUnknown(tile);
        const probe = { x: u.x + 3, y: u.y + 5 };
        const from = {
          right: [u.x - 1, probe.y],
          left: [u.x + u.width, probe.y],
          down: [probe.x, u.y - 1],
          up: [probe.x, u.y + u.height],
        }[direction] as [number, number];
        expect(pixel(out.data, 1024, 3, probe.x, probe.y)).toEqual(pixel(buf.data, 1024, 3, ...from));
      }
    }
  });

  it('throws when the frontier is outside the buffer', () => {
    const buf = randomBuffer(4, 4, 3, 2);
    expect(() => prefill(buf, { x: 0, y: 0, width: 4, height: 4 }, 'right')).toThrow(RangeError);
    expect(() => prefill(buf, { x: 0, y: 2, width: 4, height: 2 }, 'up')).toThrow(RangeError);
  });
});
