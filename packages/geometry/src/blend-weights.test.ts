import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bruteForceDistance,
  canvasArb,
  chamferChebyshev,
  directionArb,
  featherArb,
  referenceWeight,
} from '../test/fixtures.js';
import { blendWeights, blendWeightsForPlane, weightForDistance } from './blend-weights.js';
import { maskAlpha } from './mask.js';
import { planStep, type TilePlan } from './plan-step.js';
import { containsPoint, type Rect } from './rect.js';

const N = 1024;

/** Known plane (1 known, 0 unknown) computed straight from the world rects, independently of the package. */
function knownPlane(tile: TilePlan): Uint8Array {
  const out = new Uint8Array(N * N);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      out[y * N + x] = containsPoint(tile.unknown, { x: tile.rect.x + x, y: tile.rect.y + y }) ? 0 : 1;
    }
  }
  return out;
}

describe('weightForDistance', () => {
  it('is 255 on unknown pixels, 0 beyond the feather, and the rounded-half-up ramp between', () => {
    expect(weightForDistance(0, 128)).toBe(255);
    expect(weightForDistance(129, 128)).toBe(0);
    expect(weightForDistance(1, 0)).toBe(0);
    // F = 1: 255·1/2 = 127.5 rounds up.
    expect(weightForDistance(1, 1)).toBe(128);
    // F = 2: 255·2/3 = 170, 255·1/3 = 85.
    expect(weightForDistance(1, 2)).toBe(170);
    expect(weightForDistance(2, 2)).toBe(85);
    // F = 3: 255·3/4 = 191.25, ·2/4 = 127.5, ·1/4 = 63.75.
    expect([1, 2, 3].map((d) => weightForDistance(d, 3))).toEqual([191, 128, 64]);
    // F = 512, d = 512: 255/513 ≈ 0.497 rounds to 0 — the formula, not "at least 1".
    expect(weightForDistance(512, 512)).toBe(0);
    expect(weightForDistance(511, 512)).toBe(1);
  });

  it('matches the contract formula for every d and many feathers', () => {
    for (const F of [0, 1, 2, 7, 64, 127, 128, 300, 511, 512]) {
      for (let d = 0; d <= F + 3; d++) expect(weightForDistance(d, F)).toBe(referenceWeight(d, F));
    }
  });

  it('is non-increasing in d', () => {
    fc.assert(
      fc.property(featherArb, fc.integer({ min: 0, max: 600 }), (F, d) => {
        expect(weightForDistance(d + 1, F)).toBeLessThanOrEqual(weightForDistance(d, F));
      }),
    );
  });
});

describe('blendWeights', () => {
  it('full-array equality with a chamfer distance transform for several feathers and tiles', () => {
    const right = planStep({ x: 0, y: 0, width: 1024, height: 2048 }, 'right').tiles;
    const up = planStep({ x: -512, y: 512, width: 2048, height: 1024 }, 'up').tiles;
    const tiles = [right[0]!, right[2]!, up[1]!];
    for (const tile of tiles) {
      const dist = chamferChebyshev(knownPlane(tile), N, N);
      for (const F of [0, 1, 128, 512]) {
        const weights = blendWeights(tile, F);
        expect(weights).toHaveLength(N * N);
        let mismatches = 0;
        for (let i = 0; i < weights.length; i++)
          if (weights[i] !== referenceWeight(dist[i]!, F)) mismatches++;
        expect(mismatches).toBe(0);
      }
    }
  });

  it('matches a brute-force Chebyshev distance at sampled pixels of random plans', () => {
    const sampleArb = fc.array(
      fc.record({ x: fc.integer({ min: 0, max: N - 1 }), y: fc.integer({ min: 0, max: N - 1 }) }),
      { minLength: 3, maxLength: 3 },
    );
    fc.assert(
      fc.property(
        canvasArb(),
        directionArb,
        featherArb,
        fc.nat(),
        sampleArb,
        (canvas, direction, F, pick, samples) => {
          const plan = planStep(canvas, direction, { featherPx: F });
          const tile = plan.tiles[pick % plan.tiles.length]!;
          const weights = blendWeights(tile, F);
          const known = knownPlane(tile);
          // Random pixels alone rarely land on the ramp: add some right at the feather's edges.
          const u = { x: tile.unknown.x - tile.rect.x, y: tile.unknown.y - tile.rect.y };
          const nearSeam = [
            { x: Math.max(0, u.x - F), y: Math.min(N - 1, u.y + 3) },
            { x: Math.max(0, u.x - 1), y: Math.max(0, u.y - Math.min(F, 40)) },
            { x: Math.min(N - 1, u.x + tile.unknown.width + F), y: Math.min(N - 1, u.y + 1) },
            { x: Math.min(N - 1, u.x + 5), y: Math.max(0, u.y - F - 1) },
          ];
          for (const p of [...samples, ...nearSeam]) {
            const d = bruteForceDistance(known, N, p.x, p.y);
            expect(weights[p.y * N + p.x]).toBe(referenceWeight(d, F));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('gives a non-zero weight to exactly F known pixels across the seam', () => {
    fc.assert(
      fc.property(featherArb, (F) => {
        const tile = planStep({ x: 0, y: 0, width: 1024, height: 1024 }, 'right', { featherPx: F }).tiles[0]!;
        const weights = blendWeights(tile, F);
        const row = weights.subarray(300 * N, 301 * N);
        let knownNonZero = 0;
        for (let x = 0; x < 512; x++) if (row[x]! > 0) knownNonZero++;
        // d = F itself can round to 0 only when 255/(F+1) < 0.5, i.e. F = 510…512.
        expect(knownNonZero).toBe(F - (referenceWeight(F, F) === 0 && F > 0 ? 1 : 0));
        for (let x = 512; x < N; x++) expect(row[x]).toBe(255);
      }),
      { numRuns: 40 },
    );
  });

  it('is all zero where nothing is unknown and rejects non-1024² tiles and bad feathers', () => {
    expect(blendWeightsForPlane({ width: 8, height: 4 }, { x: 20, y: 0, width: 4, height: 4 }, 3)).toEqual(
      new Uint8Array(32),
    );
    const tile: TilePlan = {
      index: 0,
      rect: { x: 0, y: 0, width: 512, height: 1024 },
      unknown: { x: 0, y: 0, width: 1, height: 1 },
    };
    expect(() => blendWeights(tile, 4)).toThrow(RangeError);
    const ok = planStep({ x: 0, y: 0, width: 1024, height: 1024 }, 'down').tiles[0]!;
    expect(() => blendWeights(ok, 513)).toThrow(RangeError);
    expect(() => blendWeights(ok, -1)).toThrow(RangeError);
  });

  it('works on small planes too (exhaustive check against brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.record({
          x: fc.integer({ min: -4, max: 24 }),
          y: fc.integer({ min: -4, max: 24 }),
          width: fc.integer({ min: 1, max: 10 }),
          height: fc.integer({ min: 1, max: 10 }),
        }),
        fc.integer({ min: 0, max: 12 }),
        (width, height, unknown: Rect, F) => {
          const weights = blendWeightsForPlane({ width, height }, unknown, F);
          const known = new Uint8Array(width * height);
          for (let y = 0; y < height; y++)
            for (let x = 0; x < width; x++) known[y * width + x] = containsPoint(unknown, { x, y }) ? 0 : 1;
          const anyUnknown = known.includes(0);
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              const expected = anyUnknown ? referenceWeight(bruteForceDistance(known, width, x, y), F) : 0;
              expect(weights[y * width + x]).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('maskAlpha', () => {
  it('is 0 (editable) exactly where the weight is > 0 and 255 (keep) elsewhere', () => {
    fc.assert(
      fc.property(canvasArb(3072), directionArb, featherArb, fc.nat(), (canvas, direction, F, pick) => {
        const plan = planStep(canvas, direction, { featherPx: F });
        const tile = plan.tiles[pick % plan.tiles.length]!;
        const weights = blendWeights(tile, F);
        const mask = maskAlpha(tile, F);
        expect(mask).toHaveLength(N * N);
        let bad = 0;
        for (let i = 0; i < mask.length; i++) if (mask[i] !== (weights[i]! > 0 ? 0 : 255)) bad++;
        expect(bad).toBe(0);
      }),
      { numRuns: 30 },
    );
  });
});
