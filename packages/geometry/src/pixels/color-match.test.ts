import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/fixtures.js';
import type { PixelBuffer } from './buffer.js';
import { COLOR_MATCH_SPACE, colorMatch } from './color-match.js';

function stats(buf: PixelBuffer, known: Uint8Array, channel: number): { mean: number; std: number } {
  const values: number[] = [];
  for (let p = 0; p < known.length; p++) if (known[p]) values.push(buf.data[p * buf.channels + channel]!);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Per channel values uniform in a channel-specific range, so images differ in mean and contrast. */
function rangedBuffer(
  width: number,
  height: number,
  channels: 3 | 4,
  ranges: Array<[number, number]>,
  seed: number,
) {
  const next = seededRandom(seed);
  const data = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    for (let k = 0; k < channels; k++) {
      const [lo, hi] = ranges[k] ?? [0, 255];
      data[p * channels + k] = lo + Math.floor(next() * (hi - lo + 1));
    }
  }
  return { data, width, height, channels };
}

const rangeArb = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

describe('colorMatch', () => {
  it('makes mean and std over the known pixels match the reference within rounding', () => {
    let judged = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(3 as const, 4 as const),
        fc.array(rangeArb, { minLength: 4, maxLength: 4 }),
        fc.array(rangeArb, { minLength: 4, maxLength: 4 }),
        fc.nat(),
        (channels, genRanges, refRanges, seed) => {
          const width = 40;
          const height = 30;
          const generated = rangedBuffer(width, height, channels, genRanges, seed);
          const reference = rangedBuffer(width, height, channels, refRanges, seed + 1);
          const next = seededRandom(seed + 2);
          const known = new Uint8Array(width * height).map(() => (next() < 0.6 ? 1 : 0));
          known[0] = 1;
          // Unknown pixels of G are wild on purpose: they must not influence the statistics.
          for (let p = 0; p < known.length; p++) if (!known[p]) generated.data[p * channels] = 255;
          const { buffer, stats: used } = colorMatch(generated, reference, known);
          expect(used.colorSpace).toBe(COLOR_MATCH_SPACE);
          expect(used.knownPixels).toBe(known.reduce((a, b) => a + b, 0));
          for (let k = 0; k < 3; k++) {
            const g = stats(generated, known, k);
            const ref = stats(reference, known, k);
            const t = used.channels[k]!;
            expect(t.sourceMean).toBeCloseTo(g.mean, 6);
            expect(t.targetStd).toBeCloseTo(ref.std, 6);
            // Clamping at 0/255 legitimately breaks the match; only judge unclamped channels.
            let clamped = false;
            for (let p = 0; p < known.length; p++) {
              const v = generated.data[p * channels + k]! * t.scale + t.offset;
              if (known[p] && (v < -0.5 || v > 255.5)) clamped = true;
            }
            if (clamped) continue;
            judged++;
            const out = stats(buffer, known, k);
            expect(Math.abs(out.mean - ref.mean)).toBeLessThanOrEqual(0.5 + 1e-9);
            if (g.std > 0) expect(Math.abs(out.std - ref.std)).toBeLessThanOrEqual(0.5 + 1e-9);
          }
          if (channels === 4) {
            for (let p = 0; p < width * height; p++)
              expect(buffer.data[p * 4 + 3]).toBe(generated.data[p * 4 + 3]);
          }
        },
      ),
      { numRuns: 60 },
    );
    // Guard against a generator that always clamps and so never judges anything.
    expect(judged).toBeGreaterThan(60);
  });

  it('moves a flat image to the reference mean without dividing by zero', () => {
    const generated = { data: new Uint8Array(12).fill(40), width: 2, height: 2, channels: 3 as const };
    const reference = {
      data: new Uint8Array([100, 0, 9, 110, 0, 9, 120, 0, 9, 130, 0, 9]),
      width: 2,
      height: 2,
      channels: 3 as const,
    };
    const { buffer, stats } = colorMatch(generated, reference, new Uint8Array([1, 1, 1, 1]));
    expect([...buffer.data]).toEqual([115, 0, 9, 115, 0, 9, 115, 0, 9, 115, 0, 9]);
    expect(stats.channels.every((c) => Number.isFinite(c.scale) && Number.isFinite(c.offset))).toBe(true);
  });

  it('is the identity with no known pixels', () => {
    const generated = { data: new Uint8Array([1, 2, 3, 4, 5, 6]), width: 2, height: 1, channels: 3 as const };
    const reference = { data: new Uint8Array(6).fill(200), width: 2, height: 1, channels: 3 as const };
    const { buffer, stats } = colorMatch(generated, reference, new Uint8Array(2));
    expect([...buffer.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stats.knownPixels).toBe(0);
  });
});
