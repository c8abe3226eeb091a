import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer, randomWeights } from '../../test/fixtures.js';
import { blendWeightsForPlane } from '../blend-weights.js';
import { createPixelBuffer, type PixelBuffer } from './buffer.js';
import { composite } from './composite.js';
import { MULTIBAND_LEVELS, multibandComposite } from './multiband.js';
import { verifyImmutable } from './verify.js';

/** A plane whose right part (from column `edge`) is unknown, feathered `featherPx` deep. */
function rightUnknownWeights(width: number, height: number, edge: number, featherPx: number): Uint8Array {
  return blendWeightsForPlane({ width, height }, { x: edge, y: 0, width: width - edge, height }, featherPx);
}

const at = (buf: PixelBuffer, x: number, y: number, k = 0) =>
  buf.data[(y * buf.width + x) * buf.channels + k]!;

describe('multibandComposite', () => {
  it('I2: every weight-0 pixel is byte-identical (step-shaped weights, any feather, RGB and RGBA)', () => {
    fc.assert(
      fc.property(
        fc.record({
          width: fc.integer({ min: 8, max: 96 }),
          height: fc.integer({ min: 8, max: 96 }),
          channels: fc.constantFrom(3 as const, 4 as const),
          unknown: fc.record({
            x: fc.integer({ min: -8, max: 96 }),
            y: fc.integer({ min: -8, max: 96 }),
            width: fc.integer({ min: 1, max: 96 }),
            height: fc.integer({ min: 1, max: 96 }),
          }),
          feather: fc.integer({ min: 0, max: 64 }),
          seed: fc.nat(),
        }),
        ({ width, height, channels, unknown, feather, seed }) => {
          const C = randomBuffer(width, height, channels, seed);
          const G = randomBuffer(width, height, channels, seed + 1);
          const w = blendWeightsForPlane({ width, height }, unknown, feather);
          const out = multibandComposite(C, G, w);
          expect(verifyImmutable(C, out, w)).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('I2 holds for arbitrary weight planes too (the pyramid is never trusted near w = 0)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(3 as const, 4 as const),
        fc.nat(),
        (width, height, channels, seed) => {
          const C = randomBuffer(width, height, channels, seed);
          const G = randomBuffer(width, height, channels, seed + 1);
          const w = randomWeights(width * height, seed + 2);
          expect(verifyImmutable(C, multibandComposite(C, G, w), w)).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('F = 0 (no feather) is exactly the hard composite', () => {
    const C = randomBuffer(64, 32, 3, 1);
    const G = randomBuffer(64, 32, 3, 2);
    const w = rightUnknownWeights(64, 32, 40, 0);
    expect(multibandComposite(C, G, w).data).toEqual(composite(C, G, w).data);
  });

  it('identical canvas and generated images come back unchanged', () => {
    const C = randomBuffer(128, 64, 3, 7);
    const w = rightUnknownWeights(128, 64, 64, 24);
    expect(multibandComposite(C, { ...C, data: C.data.slice() }, w).data).toEqual(C.data);
  });

  it('spreads a colour step wider than the feather, and leaves the far new area as generated', () => {
    const width = 512;
    const height = 256; // tall enough for all six pyramid levels
    const C = createPixelBuffer(width, height, 3, 100);
    const G = createPixelBuffer(width, height, 3, 140);
    const w = rightUnknownWeights(width, height, 256, 32);
    const feathered = composite(C, G, w);
    const multi = multibandComposite(C, G, w);
    // The linear feather ends at the frontier: the first unknown column is already 140.
    expect(at(feathered, 256, 128)).toBe(140);
    // Multi-band carries the canvas' low frequencies a little into the new area…
    expect(at(multi, 256, 128)).toBeLessThan(140);
    expect(at(multi, 256, 128)).toBeGreaterThan(100);
    // …and not far: the far end is the generated colour.
    expect(at(multi, width - 1, 128)).toBe(140);
    // The transition is monotone along the row (no ringing on a clean step).
    for (let x = 1; x < width; x++) expect(at(multi, x, 128)).toBeGreaterThanOrEqual(at(multi, x - 1, 128));
    // Beyond the feather the canvas is untouched.
    expect(at(multi, 256 - 33, 128)).toBe(100);
  });

  it('alpha is blended like any channel and outside the feather kept exactly', () => {
    const C = randomBuffer(64, 64, 4, 11);
    const G = randomBuffer(64, 64, 4, 12);
    const w = rightUnknownWeights(64, 64, 32, 8);
    const out = multibandComposite(C, G, w);
    expect(at(out, 0, 0, 3)).toBe(at(C, 0, 0, 3));
  });

  it('rejects mismatched shapes and bad level counts', () => {
    const C = randomBuffer(8, 8, 3, 1);
    expect(() => multibandComposite(C, randomBuffer(8, 7, 3, 2), new Uint8Array(64))).toThrow(RangeError);
    expect(() => multibandComposite(C, C, new Uint8Array(63))).toThrow(RangeError);
    expect(() => multibandComposite(C, C, new Uint8Array(64), -1)).toThrow(RangeError);
    expect(MULTIBAND_LEVELS).toBe(6);
  });
});
