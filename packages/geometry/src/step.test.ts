import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canvasArb, directionArb, randomBuffer, referenceWeight } from '../test/fixtures.js';
import { blendWeights } from './blend-weights.js';
import { knownMask, maskAlpha } from './mask.js';
import { colorMatch } from './pixels/color-match.js';
import { composite } from './pixels/composite.js';
import { crop, paste, worldToLocal } from './pixels/crop-paste.js';
import { prefill } from './pixels/prefill.js';
import { verifyImmutable } from './pixels/verify.js';
import { planStep, stepWorkRect, tileLocalUnknown } from './plan-step.js';
import { containsPoint, rectArea } from './rect.js';

/**
 * A whole step the way the pipeline runs it, on a world buffer covering the step's work
 * rect: per tile crop → prefill → (fake generator) → colour match → composite → paste.
 */
describe('a whole step', () => {
  it('changes exactly the changed region; everything else is byte-identical (I2)', () => {
    fc.assert(
      fc.property(
        canvasArb(2048),
        directionArb,
        fc.constantFrom(0, 1, 37, 128, 512),
        fc.nat(),
        (canvas, direction, featherPx, seed) => {
          const plan = planStep(canvas, direction, { featherPx });
          const work = stepWorkRect(plan);
          const origin = { x: work.x, y: work.y };
          const world = randomBuffer(work.width, work.height, 3, seed);
          const before = world.data.slice();
          // World pixels some tile may write (weight > 0), as seen from the tiles' own weights.
          const touched = new Uint8Array(work.width * work.height);

          for (const tile of plan.tiles) {
            const local = worldToLocal(tile.rect, origin);
            const C = crop(world, local);
            const reference = prefill(C, tileLocalUnknown(tile), direction);
            const weights = blendWeights(tile, featherPx);
            const mask = maskAlpha(tile, featherPx);
            expect(mask.length).toBe(weights.length);
            const generated = randomBuffer(1024, 1024, 3, seed + 1 + tile.index, 30, 220);
            const matched = colorMatch(generated, reference, knownMask(tile)).buffer;
            const out = composite(C, matched, weights);
            expect(verifyImmutable(C, out, weights)).toBeNull();
            paste(world, out, local);
            for (let y = 0; y < 1024; y++) {
              for (let x = 0; x < 1024; x++) {
                if (weights[y * 1024 + x]! > 0) touched[(local.y + y) * work.width + local.x + x] = 1;
              }
            }
          }

          const changed = worldToLocal(plan.changedRegion, origin);
          let touchedCount = 0;
          let outsideTouched = 0;
          let changedOutside = 0;
          for (let y = 0; y < work.height; y++) {
            for (let x = 0; x < work.width; x++) {
              const p = y * work.width + x;
              const inChanged = containsPoint(changed, { x: x, y: y });
              if (touched[p]) {
                touchedCount++;
                if (!inChanged) outsideTouched++;
              }
              if (!inChanged) {
                for (let k = 0; k < 3; k++) if (world.data[p * 3 + k] !== before[p * 3 + k]) changedOutside++;
              }
            }
          }
          // The changed region is exactly the union of the tiles' weight > 0 pixels, except that
          // for F = 510…512 the formula rounds the weight at d = F itself down to 0.
          let depth = featherPx;
          while (depth > 0 && referenceWeight(depth, featherPx) === 0) depth--;
          const edge = rectArea(plan.newRegion) / 512;
          expect(outsideTouched).toBe(0);
          expect(touchedCount).toBe((512 + depth) * edge);
          if (depth === featherPx) expect(touchedCount).toBe(rectArea(plan.changedRegion));
          // … and nothing outside it moved by a single byte.
          expect(changedOutside).toBe(0);
        },
      ),
      { numRuns: 10 },
    );
  });
});
