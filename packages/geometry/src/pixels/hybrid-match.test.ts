import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyResponses, sunlitPicture } from '../../test/fixtures.js';
import { createPixelBuffer, type PixelBuffer } from './buffer.js';
import { REFERENCE_HEADROOM, squeezeLevels } from './headroom.js';
import { hybridMatch } from './hybrid-match.js';
import { fitChannels } from './response-law.js';
import { responseMatch } from './response-match.js';

const W = 256;
const H = 192;

/** The fixture's photograph-like picture: red swings 60…240, highlights in both halves. */
const sunlit = (seed = 0, channels: 3 | 4 = 3): PixelBuffer => sunlitPicture(W, H, { seed, channels });

/** Per channel: gain, lift (0…1) and gamma; red's gain pushes its highlights past 255. */
const CLIPPING = [
  { gain: 1.12, offset: 8 / 255, gamma: 0.9 },
  { gain: 1, offset: 6 / 255, gamma: 0.92 },
  { gain: 0.95, offset: 6 / 255, gamma: 0.92 },
];

/** What a model does to a whole image, rounded and clipped to bytes. */
const distort = (buf: PixelBuffer, responses = CLIPPING) => applyResponses(buf, responses);

/** Known = the left half (x < W/2). */
function leftHalf(): Uint8Array {
  const known = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) known.fill(1, y * W, y * W + W / 2);
  return known;
}

/** Mean and standard deviation of channel k over the unknown half's pixels the model clipped. */
function clippedStats(out: PixelBuffer, generated: PixelBuffer, k: number): { mean: number; std: number } {
  const values: number[] = [];
  for (let y = 0; y < H; y++)
    for (let x = W / 2; x < W; x++) {
      const i = (y * W + x) * out.channels + k;
      if (generated.data[i] === 255) values.push(out.data[i]!);
    }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

describe('hybridMatch', () => {
  it('recovers the response from the unclipped blocks and brings clipped highlights back with their spread', () => {
    const truth = sunlit();
    const generated = distort(truth);
    let clipped = 0;
    for (let p = 0; p < W * H; p++) if (generated.data[p * 3] === 255) clipped++;
    expect(clipped).toBeGreaterThan(2000);
    const result = hybridMatch(generated, truth, leftHalf(), { blockPx: 8 });
    const red = result.responses[0]!;
    expect(Math.abs(red.gain - CLIPPING[0]!.gain)).toBeLessThan(0.02);
    expect(Math.abs(red.gamma - CLIPPING[0]!.gamma)).toBeLessThan(0.03);
    expect(result.fitted[0]!).toBeLessThan(result.pairs);
    expect(result.fills[0]!.high).not.toBeNull();
    // Green and blue are not clipped, and their lifted dark ends are never filled.
    for (const k of [1, 2]) expect(result.fills[k]).toEqual({ high: null, low: null });
    expect(result.fills[0]!.low).toBeNull();

    const want = clippedStats(truth, generated, 0);
    const got = clippedStats(result.buffer, generated, 0);
    const law = clippedStats(
      responseMatch(generated, truth, leftHalf(), { blockPx: 8 }).buffer,
      generated,
      0,
    );
    // The law alone leaves every clipped pixel at the law's ceiling: too dim and flat.
    expect(want.mean - law.mean).toBeGreaterThan(5);
    expect(law.std).toBeLessThan(0.5 * want.std);
    // The fill restores the level of the highlights in the new half, and much of their spread:
    // as much as green and blue, which here carry only part of red's variation, can order.
    expect(Math.abs(got.mean - want.mean)).toBeLessThan(1.5);
    expect(got.std).toBeGreaterThan(5 * law.std);
    expect(got.std / want.std).toBeGreaterThan(0.35);
    expect(got.std / want.std).toBeLessThan(1.2);
  });

  it('keeps a white canvas white where the model clips it, which the law alone dims', () => {
    const truth = sunlit(7);
    // A blown-out patch (255 in every channel) in each half.
    for (const x0 of [40, 170])
      for (let y = 60; y < 100; y++)
        for (let x = x0; x < x0 + 40; x++) truth.data.fill(255, (y * W + x) * 3, (y * W + x) * 3 + 3);
    const generated = distort(truth);
    const patch = (buf: PixelBuffer, k: number) => {
      let sum = 0;
      for (let y = 64; y < 96; y++) for (let x = 174; x < 206; x++) sum += buf.data[(y * W + x) * 3 + k]!;
      return sum / (32 * 32);
    };
    const hybrid = hybridMatch(generated, truth, leftHalf(), { blockPx: 8 }).buffer;
    const law = responseMatch(generated, truth, leftHalf(), { blockPx: 8 }).buffer;
    // Red (gain 1.12) and green (lift 6) clip there; the law leaves them at its ceiling.
    expect(patch(law, 0)).toBeLessThan(230);
    expect(patch(law, 1)).toBeLessThan(252);
    for (const k of [0, 1, 2]) expect(patch(hybrid, k)).toBeGreaterThan(254);
  });

  it('returns an undistorted image byte for byte, whatever the known pixels (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.integer({ min: 0, max: W }), (seed, knownWidth) => {
        const truth = sunlit(seed);
        const known = new Uint8Array(W * H);
        for (let y = 0; y < H; y++) known.fill(1, y * W, y * W + knownWidth);
        const result = hybridMatch(truth, { ...truth, data: truth.data.slice() }, known, { blockPx: 8 });
        expect(Buffer.compare(result.buffer.data, truth.data)).toBe(0);
      }),
      { numRuns: 12 },
    );
  });

  it('is deterministic and leaves alpha alone (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), (seed) => {
        const truth = sunlit(seed, 4);
        const generated = distort(truth);
        const a = hybridMatch(generated, truth, leftHalf());
        const b = hybridMatch(generated, truth, leftHalf());
        expect(Buffer.compare(a.buffer.data, b.buffer.data)).toBe(0);
        expect(a.fills).toEqual(b.fills);
        for (let p = 0; p < W * H; p++) if (a.buffer.data[p * 4 + 3] !== 200) return false;
        return true;
      }),
      { numRuns: 6 },
    );
  });

  it('fills nothing where the model clips nothing', () => {
    const truth = sunlit(5);
    const gentle = CLIPPING.map((r) => ({ ...r, gain: 0.9 }));
    const result = hybridMatch(distort(truth, gentle), truth, leftHalf(), { blockPx: 8 });
    expect(result.fills).toEqual([0, 1, 2].map(() => ({ high: null, low: null })));
    expect(result.fitted).toEqual([result.pairs, result.pairs, result.pairs]);
  });

  it('with headroom, fits what the model saw and brings the clipped-free output back to the canvas levels', () => {
    const truth = sunlit(11);
    // Shown the squeezed canvas, the model drifts as before but nothing reaches 255.
    const generated = distort(squeezeLevels(truth, REFERENCE_HEADROOM));
    let clipped = 0;
    for (let i = 0; i < generated.data.length; i++) if (generated.data[i] === 255) clipped++;
    expect(clipped).toBe(0);
    const withHeadroom = hybridMatch(generated, truth, leftHalf(), {
      blockPx: 8,
      headroom: REFERENCE_HEADROOM,
    });
    const without = hybridMatch(distort(truth), truth, leftHalf(), { blockPx: 8 });
    // Error of the new half's red 8² block means against the truth.
    const blockError = (out: PixelBuffer) => {
      let sum = 0;
      let blocks = 0;
      for (let by = 0; by < H; by += 8)
        for (let bx = W / 2; bx < W; bx += 8) {
          let d = 0;
          for (let y = by; y < by + 8; y++)
            for (let x = bx; x < bx + 8; x++) d += out.data[(y * W + x) * 3]! - truth.data[(y * W + x) * 3]!;
          sum += Math.abs(d / 64);
          blocks++;
        }
      return sum / blocks;
    };
    expect(blockError(withHeadroom.buffer)).toBeLessThan(0.6);
    // Without headroom the clipped highlights' fill is the best guess; with it nothing was lost.
    expect(blockError(withHeadroom.buffer)).toBeLessThan(0.5 * blockError(without.buffer));
  });

  it('keeps the mean of a near-black region where the law sends noisy pixels below 0', () => {
    const truth = sunlit(2);
    // Rows 0…31: near black (0…4, mean 2) in both halves.
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < W; x++)
        truth.data.fill(2 + ((x + y) % 5) - 2, (y * W + x) * 3, (y * W + x) * 3 + 3);
    // The model lifts black by 12 and adds zero-mean grain of ±6: nothing clips in its output.
    const generated = {
      ...truth,
      data: truth.data.map((v, i) => v + 12 + (((i / 3) | 0) % 2 === 0 ? 6 : -6)),
    };
    const result = hybridMatch(generated, truth, leftHalf(), { blockPx: 8 });
    let sum = 0;
    let n = 0;
    for (let y = 0; y < 32; y++)
      for (let x = W / 2; x < W; x++)
        for (let k = 0; k < 3; k++) {
          sum += result.buffer.data[(y * W + x) * 3 + k]!;
          n++;
        }
    // Clamping alone at 0 would raise the mean by about 1.5 levels (half the grain lands below 0).
    expect(Math.abs(sum / n - 2)).toBeLessThan(0.3);
  });

  it('fits one gamma for all channels, so a channel the known pixels show only in the dark still extrapolates', () => {
    const truth = sunlit(4);
    // Blue stays within 8…40 in the known half and reaches 200 in the new one.
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 3 + 2;
        truth.data[i] = x < W / 2 ? 8 + ((truth.data[i]! * 32) >> 8) : truth.data[i]!;
      }
    const gamma = 0.8;
    const generated = distort(
      truth,
      [0, 1, 2].map(() => ({ gain: 1, offset: 4 / 255, gamma })),
    );
    // Block-mean pairs of the known half, as the transfer gathers them.
    const g: number[][] = [[], [], []];
    const r: number[][] = [[], [], []];
    for (let by = 0; by < H; by += 8)
      for (let bx = 0; bx < W / 2; bx += 8)
        for (let k = 0; k < 3; k++) {
          let sg = 0;
          let sr = 0;
          for (let y = by; y < by + 8; y++)
            for (let x = bx; x < bx + 8; x++) {
              sg += generated.data[(y * W + x) * 3 + k]!;
              sr += truth.data[(y * W + x) * 3 + k]!;
            }
          g[k]!.push(sg / (64 * 255));
          r[k]!.push(sr / (64 * 255));
        }
    const shared = fitChannels(g, r, { sharedGamma: true }).responses[2]!;
    const own = fitChannels(g, r).responses[2]!;
    expect(Math.abs(shared.gamma - gamma)).toBeLessThan(0.02);
    expect(Math.abs(shared.gamma - gamma)).toBeLessThan(Math.abs(own.gamma - gamma));
  });

  it('returns the image unchanged with no known pixels and rejects bad inputs', () => {
    const truth = sunlit(3);
    const generated = distort(truth);
    const none = hybridMatch(generated, truth, new Uint8Array(W * H));
    expect(Buffer.compare(none.buffer.data, generated.data)).toBe(0);
    expect(none.pairs).toBe(0);
    expect(() => hybridMatch(truth, createPixelBuffer(W, H + 1, 3), leftHalf())).toThrow();
    expect(() => hybridMatch(truth, truth, new Uint8Array(3))).toThrow();
    expect(() => hybridMatch(truth, truth, leftHalf(), { blockPx: 0 })).toThrow(RangeError);
  });
});

describe('hybridMatch with a region', () => {
  const headroom = REFERENCE_HEADROOM;
  const squeezedModel = (seed: number) => distort(squeezeLevels(sunlit(seed), headroom));

  it('corrects only the region, within a level of the whole image there, where nothing is filled (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: W - 1 }),
        fc.integer({ min: 0, max: H - 1 }),
        fc.integer({ min: 1, max: W }),
        fc.integer({ min: 1, max: H }),
        (seed, x, y, w, h) => {
          const region = { x, y, width: Math.min(w, W - x), height: Math.min(h, H - y) };
          const truth = sunlit(seed);
          const generated = squeezedModel(seed);
          const whole = hybridMatch(generated, truth, leftHalf(), { blockPx: 8, headroom });
          const part = hybridMatch(generated, truth, leftHalf(), { blockPx: 8, headroom, region });
          expect(part.fills).toEqual(whole.fills);
          expect(part.responses).toEqual(whole.responses);
          // Counted, not asserted pixel by pixel (150 000 bytes a run).
          let outsideChanged = 0;
          let worst = 0;
          let differing = 0;
          for (let py = 0; py < H; py++)
            for (let px = 0; px < W; px++) {
              const inside =
                px >= region.x &&
                px < region.x + region.width &&
                py >= region.y &&
                py < region.y + region.height;
              for (let k = 0; k < 3; k++) {
                const i = (py * W + px) * 3 + k;
                if (!inside) outsideChanged += part.buffer.data[i] === generated.data[i] ? 0 : 1;
                else {
                  const d = Math.abs(part.buffer.data[i]! - whole.buffer.data[i]!);
                  worst = Math.max(worst, d);
                  differing += d;
                }
              }
            }
          expect(outsideChanged).toBe(0);
          expect(worst).toBeLessThanOrEqual(1);
          // Differences come only from the last bits of a sum: a handful of bytes at most.
          expect(differing).toBeLessThanOrEqual(Math.max(2, region.width * region.height * 3 * 0.001));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is the whole image byte for byte for a region covering it, and ignored where it fills', () => {
    const truth = sunlit(9);
    const generated = squeezedModel(9);
    const whole = hybridMatch(generated, truth, leftHalf(), { blockPx: 8, headroom });
    const all = hybridMatch(generated, truth, leftHalf(), {
      blockPx: 8,
      headroom,
      region: { x: 0, y: 0, width: W, height: H },
    });
    expect(Buffer.compare(all.buffer.data, whole.buffer.data)).toBe(0);
    // No headroom and a model clipping red: the fill reads every known pixel's levels.
    const clipped = distort(truth);
    const filled = hybridMatch(clipped, truth, leftHalf(), { blockPx: 8 });
    expect(filled.fills[0]!.high).not.toBeNull();
    const withRegion = hybridMatch(clipped, truth, leftHalf(), {
      blockPx: 8,
      region: { x: W / 2, y: 0, width: W / 2, height: H },
    });
    expect(Buffer.compare(withRegion.buffer.data, filled.buffer.data)).toBe(0);
  });

  it('rejects a region outside the image', () => {
    const truth = sunlit(1);
    for (const region of [
      { x: -1, y: 0, width: 4, height: 4 },
      { x: 0, y: 0, width: W + 1, height: 4 },
      { x: 0, y: H - 2, width: 4, height: 3 },
      { x: 0.5, y: 0, width: 4, height: 4 },
    ])
      expect(() => hybridMatch(truth, truth, leftHalf(), { headroom, region })).toThrow(RangeError);
  });
});
