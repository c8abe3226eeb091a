import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/fixtures.js';
import { blockExactRowsRgb } from './block-exact-rgb.js';
import type { PixelBuffer } from './buffer.js';
import { type LevelRange, REFERENCE_HEADROOM, squeezeLevels } from './headroom.js';
import { type HybridMatchResult, hybridMatch } from './hybrid-match.js';
import { blockExactLevelsReference, hybridMatchReference } from './hybrid-match.reference.js';
import { blockExactLevels, inverseCurve } from './response-law.js';

/**
 * The optimised `hybridMatch` against the verbatim copy of the algorithm it replaced: the
 * seams benchmark's colour figures were measured on that one's output, so every byte and
 * every reported field must stay the same, for every input.
 */

/** Per channel: gain, lift (0…1), gamma and grain (± levels) of a simulated model. */
interface Distortion {
  gain: number;
  offset: number;
  gamma: number;
  grain: number;
}

/**
 * A canvas-like picture: per-channel waves and gradients with one-pixel texture, a share of
 * its pixels pushed to the byte ends (0, 1, 254, 255) so clipped blocks and clipped bands occur.
 */
function picture(width: number, height: number, channels: 3 | 4, seed: number, ends: number): PixelBuffer {
  const next = seededRandom(seed);
  const phase = [next() * 6, next() * 6, next() * 6];
  const period = [5 + next() * 30, 5 + next() * 30, 5 + next() * 30];
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let k = 0; k < channels; k++) {
        const i = (y * width + x) * channels + k;
        if (k === 3) {
          data[i] = Math.floor(next() * 256);
          continue;
        }
        const r = next();
        if (r < ends) {
          data[i] = [0, 1, 254, 255][Math.floor(next() * 4)]!;
          continue;
        }
        const wave = 128 + 120 * Math.sin(x / period[k]! + phase[k]!) * Math.cos(y / period[(k + 1) % 3]!);
        data[i] = Math.max(0, Math.min(255, Math.round(wave + (next() - 0.5) * 10)));
      }
  return { data, width, height, channels };
}

/** What a model does to the picture: per-channel law, grain, rounded and clipped to bytes. */
function distort(buf: PixelBuffer, laws: Distortion[], seed: number): PixelBuffer {
  const next = seededRandom(seed);
  const c = buf.channels;
  const data = buf.data.map((v, i) => {
    const k = i % c;
    if (k === 3) return v;
    const { gain, offset, gamma, grain } = laws[k]!;
    const g = 255 * (offset + gain * (v / 255) ** gamma) + (next() - 0.5) * 2 * grain;
    return Math.max(0, Math.min(255, Math.round(g)));
  });
  return { ...buf, data };
}

function expectSame(fast: HybridMatchResult, slow: HybridMatchResult): void {
  expect(Buffer.compare(fast.buffer.data, slow.buffer.data)).toBe(0);
  expect(fast.buffer.width).toBe(slow.buffer.width);
  expect(fast.buffer.height).toBe(slow.buffer.height);
  expect(fast.buffer.channels).toBe(slow.buffer.channels);
  expect(fast.pairs).toBe(slow.pairs);
  expect(fast.fitted).toEqual(slow.fitted);
  expect(fast.responses).toEqual(slow.responses);
  expect(fast.curves).toEqual(slow.curves);
  expect(fast.fills).toEqual(slow.fills);
}

const distortionArb: fc.Arbitrary<Distortion> = fc.record({
  gain: fc.double({ min: 0.6, max: 1.5, noNaN: true }),
  offset: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
  gamma: fc.double({ min: 0.6, max: 1.6, noNaN: true }),
  grain: fc.integer({ min: 0, max: 12 }),
});

const headroomArb: fc.Arbitrary<LevelRange | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(REFERENCE_HEADROOM),
  fc
    .tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 130, max: 255 }))
    .map(([black, white]) => ({ black, white })),
);

/** Known-mask shapes: a half-plane from any side, a rectangle, random pixels, or everything/nothing. */
const maskArb = fc.record({
  shape: fc.constantFrom('left', 'right', 'top', 'bottom', 'rect', 'random', 'all', 'none'),
  a: fc.double({ min: 0, max: 1, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.nat(),
});

function maskOf(width: number, height: number, m: MaskSpec): Uint8Array {
  const known = new Uint8Array(width * height);
  const next = seededRandom(m.seed);
  const cx = Math.floor(m.a * (width + 1));
  const cy = Math.floor(m.b * (height + 1));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inside =
        m.shape === 'left'
          ? x < cx
          : m.shape === 'right'
            ? x >= cx
            : m.shape === 'top'
              ? y < cy
              : m.shape === 'bottom'
                ? y >= cy
                : m.shape === 'rect'
                  ? x >= cx / 2 && x < cx && y >= cy / 3 && y <= cy
                  : m.shape === 'random'
                    ? next() < 0.8
                    : m.shape === 'all';
      // Any non-zero byte means known.
      known[y * width + x] = inside ? 1 + Math.floor(next() * 255) : 0;
    }
  return known;
}
type MaskSpec = { shape: string; a: number; b: number; seed: number };

describe('hybridMatch is byte-identical to the algorithm it replaced', () => {
  it('on small random pictures, masks, laws, headrooms and block sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<3 | 4>(3, 4),
        fc.nat(),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.array(distortionArb, { minLength: 3, maxLength: 3 }),
        maskArb,
        headroomArb,
        fc.constantFrom<number | undefined>(undefined, 16, 8, 4, 2, 1, 3),
        (width, height, channels, seed, ends, laws, mask, headroom, blockPx) => {
          const reference = picture(width, height, channels, seed, ends);
          const generated = distort(
            headroom ? squeezeLevels(reference, headroom) : reference,
            laws,
            seed + 1,
          );
          const known = maskOf(width, height, mask);
          const options = {
            ...(headroom ? { headroom } : {}),
            ...(blockPx !== undefined ? { blockPx } : {}),
          };
          const slow = hybridMatchReference(generated, reference, known, options);
          expectSame(hybridMatch(generated, reference, known, options), slow);
          if (headroom) {
            // The reference squeezed by the caller gives the same result.
            const seen = squeezeLevels(reference, headroom);
            expectSame(hybridMatch(generated, reference, known, { ...options, seen }), slow);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on 256×192 pictures where the model clips both ends, so the fills are fitted and applied', () => {
    const laws: Distortion[][] = [
      // Bright end clipped in red, dark end crushed in blue.
      [
        { gain: 1.15, offset: 0.02, gamma: 0.9, grain: 3 },
        { gain: 1, offset: 0.01, gamma: 0.95, grain: 3 },
        { gain: 1.1, offset: -0.06, gamma: 1.1, grain: 3 },
      ],
      // Every channel crushed at black and blown at white.
      [0, 1, 2].map(() => ({ gain: 1.3, offset: -0.12, gamma: 1, grain: 5 })),
      // Mild drift, no clipping: the law alone.
      [0, 1, 2].map((k) => ({ gain: 0.9 + 0.03 * k, offset: 0.03, gamma: 0.92, grain: 2 })),
    ];
    let highs = 0;
    let lows = 0;
    let cases = 0;
    for (const [i, law] of laws.entries())
      for (const headroom of [undefined, REFERENCE_HEADROOM])
        for (const blockPx of [undefined, 8]) {
          const reference = picture(256, 192, 3, 100 + i, 0.002);
          const shown = headroom ? squeezeLevels(reference, headroom) : reference;
          // Headroom or not, the model clips: it is given room it then overshoots.
          const overshoot = headroom
            ? law.map((l) => ({ ...l, gain: l.gain * 1.25, offset: l.offset - 0.07 }))
            : law;
          const generated = distort(shown, overshoot, 7 + i);
          const known = new Uint8Array(256 * 192);
          for (let y = 0; y < 192; y++) known.fill(1, y * 256, y * 256 + 128 + (blockPx === 8 ? 3 : 0));
          const options = {
            ...(headroom ? { headroom } : {}),
            ...(blockPx !== undefined ? { blockPx } : {}),
          };
          const slow = hybridMatchReference(generated, reference, known, options);
          const fast = hybridMatch(generated, reference, known, options);
          expectSame(fast, slow);
          if (headroom)
            expectSame(hybridMatch(generated, reference, known, { ...options, seen: shown }), slow);
          for (const fill of slow.fills) {
            if (fill.high) highs++;
            if (fill.low) lows++;
          }
          cases++;
        }
    expect(cases).toBe(12);
    // The fill path must really run at both ends, or this test proves little about it.
    expect(highs).toBeGreaterThan(2);
    expect(lows).toBeGreaterThan(2);
  });

  it('reads only the known pixels of a caller-squeezed reference', () => {
    const reference = picture(64, 48, 3, 5, 0.01);
    const shown = squeezeLevels(reference, REFERENCE_HEADROOM);
    const generated = distort(
      shown,
      [0, 1, 2].map(() => ({ gain: 1.2, offset: 0, gamma: 0.9, grain: 4 })),
      3,
    );
    const known = new Uint8Array(64 * 48);
    for (let y = 0; y < 48; y++) known.fill(1, y * 64, y * 64 + 32);
    // As the tile runner's reference: the unknown half prefilled with something else.
    const prefilled = { ...shown, data: shown.data.slice() };
    for (let y = 0; y < 48; y++) prefilled.data.fill(77, (y * 64 + 32) * 3, (y * 64 + 64) * 3);
    const options = { headroom: REFERENCE_HEADROOM, blockPx: 8 };
    expectSame(
      hybridMatch(generated, reference, known, { ...options, seen: prefilled }),
      hybridMatchReference(generated, reference, known, options),
    );
    expect(() => hybridMatch(generated, reference, known, { seen: shown })).toThrow(RangeError);
    expect(() =>
      hybridMatch(generated, reference, known, { ...options, seen: { ...shown, width: 32 } }),
    ).toThrow(RangeError);
  });
});

describe('blockExactLevels is identical to the implementation it replaced', () => {
  it('for any picture, channel, curve and radius (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<3 | 4>(3, 4),
        fc.nat(),
        fc.integer({ min: 0, max: 2 }),
        distortionArb,
        fc.integer({ min: 0, max: 45 }),
        (width, height, channels, seed, k, law, radius) => {
          const buf = picture(width, height, channels, seed, 0.05);
          const curve = inverseCurve(law);
          const slow = blockExactLevelsReference(buf, curve, k, radius).slice();
          expect(blockExactLevels(buf, curve, k, radius)).toEqual(slow);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for the three channels side by side, each as alone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<3 | 4>(3, 4),
        fc.nat(),
        fc.array(distortionArb, { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 45 }),
        (width, height, channels, seed, laws, radius) => {
          const buf = picture(width, height, channels, seed, 0.05);
          const curves = laws.map(inverseCurve);
          const slow = [0, 1, 2].map((k) => blockExactLevelsReference(buf, curves[k]!, k, radius).slice());
          const rows: number[] = [];
          blockExactRowsRgb(buf, curves, radius, (y, levels) => {
            rows.push(y);
            for (let k = 0; k < 3; k++)
              expect(levels[k]).toEqual(slow[k]!.subarray(y * width, (y + 1) * width));
          });
          expect(rows).toEqual(Array.from({ length: height }, (_, y) => y));
        },
      ),
      { numRuns: 200 },
    );
  });
});
