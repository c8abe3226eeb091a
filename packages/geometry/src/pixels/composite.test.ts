import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer, randomWeights } from '../../test/fixtures.js';
import { createPixelBuffer } from './buffer.js';
import { composite } from './composite.js';
import { verifyImmutable } from './verify.js';

const shapeArb = fc.record({
  width: fc.integer({ min: 1, max: 64 }),
  height: fc.integer({ min: 1, max: 64 }),
  channels: fc.constantFrom(3 as const, 4 as const),
  seed: fc.nat(),
});

describe('composite', () => {
  it('divides by 255 exactly with shifts for every value a blend can reach', () => {
    // The kernel's integer division: ⌊x / 255⌋ = (x + 1 + ⌊x / 256⌋) >> 8 for 0 ≤ x ≤ 255·255 + 127.
    for (let x = 0; x <= 255 * 255 + 127; x++) {
      if ((x + 1 + (x >> 8)) >> 8 !== Math.floor(x / 255)) expect.fail(`x = ${x}`);
    }
    // And through the kernel, every (C, G, w) triple on one channel of a 256 × 256 image per C.
    const width = 256;
    const weights = new Uint8Array(width * 256);
    for (let p = 0; p < weights.length; p++) weights[p] = p % 256;
    for (let c = 0; c < 256; c++) {
      const C = { data: new Uint8Array(width * 256 * 3).fill(c), width, height: 256, channels: 3 as const };
      const G = createPixelBuffer(width, 256, 3);
      for (let p = 0; p < weights.length; p++) G.data.fill(p >> 8, p * 3, p * 3 + 3);
      const out = composite(C, G, weights).data;
      for (let p = 0; p < weights.length; p++) {
        const w = weights[p]!;
        const expected = Math.floor((c * (255 - w) + (p >> 8) * w + 127) / 255);
        if (out[p * 3] !== expected) expect.fail(`C ${c}, G ${p >> 8}, w ${w}: ${out[p * 3]} ≠ ${expected}`);
      }
    }
  });

  it('known values', () => {
    const C = {
      data: new Uint8Array([10, 200, 0, 100, 100, 100]),
      width: 2,
      height: 1,
      channels: 3 as const,
    };
    const G = { data: new Uint8Array([250, 0, 255, 0, 255, 7]), width: 2, height: 1, channels: 3 as const };
    const out = composite(C, G, new Uint8Array([128, 255]));
    // ⌊(10·127 + 250·128 + 127)/255⌋ = ⌊33397/255⌋ = 130; ⌊(200·127 + 127)/255⌋ = 100; ⌊(255·128 + 127)/255⌋ = 128
    expect([...out.data]).toEqual([130, 100, 128, 0, 255, 7]);
  });

  it('is exactly ⌊(C·(255 − w) + G·w + 127) / 255⌋ per channel', () => {
    fc.assert(
      fc.property(shapeArb, ({ width, height, channels, seed }) => {
        const C = randomBuffer(width, height, channels, seed);
        const G = randomBuffer(width, height, channels, seed + 1);
        const w = randomWeights(width * height, seed + 2);
        const out = composite(C, G, w);
        const expected = new Uint8Array(out.data.length);
        for (let p = 0; p < width * height; p++) {
          for (let k = 0; k < channels; k++) {
            const i = p * channels + k;
            expected[i] = Math.floor((C.data[i]! * (255 - w[p]!) + G.data[i]! * w[p]! + 127) / 255);
          }
        }
        expect(out.data).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('I2: weight-0 pixels are byte-identical to C, weight-255 pixels equal G; inputs untouched', () => {
    fc.assert(
      fc.property(shapeArb, ({ width, height, channels, seed }) => {
        const C = randomBuffer(width, height, channels, seed);
        const G = randomBuffer(width, height, channels, seed + 7);
        const cCopy = C.data.slice();
        const gCopy = G.data.slice();
        const w = randomWeights(width * height, seed + 3);
        const out = composite(C, G, w);
        expect(out.data).not.toBe(C.data);
        expect(verifyImmutable(C, out, w)).toBeNull();
        let fullWeightMismatches = 0;
        for (let p = 0; p < w.length; p++) {
          if (w[p] !== 255) continue;
          for (let k = 0; k < channels; k++)
            if (out.data[p * channels + k] !== G.data[p * channels + k]) fullWeightMismatches++;
        }
        expect(fullWeightMismatches).toBe(0);
        expect(C.data).toEqual(cCopy);
        expect(G.data).toEqual(gCopy);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects mismatched shapes and weight planes', () => {
    const a = createPixelBuffer(4, 4, 3);
    expect(() => composite(a, createPixelBuffer(4, 4, 4), new Uint8Array(16))).toThrow(RangeError);
    expect(() => composite(a, createPixelBuffer(4, 3, 3), new Uint8Array(16))).toThrow(RangeError);
    expect(() => composite(a, createPixelBuffer(4, 4, 3), new Uint8Array(15))).toThrow(RangeError);
  });
});
