import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBuffer } from '../../test/fixtures.js';
import type { PixelBuffer } from './buffer.js';
import { colorMatch } from './color-match.js';
import { PAIRED_BLOCK_PX, pairedMatch } from './paired-match.js';

/**
 * Smooth colour ramps with a fine checker texture on top, so blur has something to soften.
 * The ramps run mostly down the image, so the left (known) and right halves span the same
 * colours: the test is about undoing the distortion, not about extrapolating past it.
 */
function texturedRamps(width: number, height: number): PixelBuffer {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const t = ((x >> 1) + (y >> 1)) % 2 === 0 ? 12 : -12;
      data[i] = Math.round((200 * y) / (height - 1)) + 28 + t;
      data[i + 1] = Math.round((160 * (height - 1 - y)) / (height - 1) + (20 * x) / (width - 1)) + 40 + t;
      data[i + 2] = Math.round((150 * y) / (height - 1) + (30 * x) / (width - 1)) + 50 + t;
    }
  }
  return { data, width, height, channels: 3 };
}

function distort(buf: PixelBuffer, gamma: number, gains: number[], offset: number): PixelBuffer {
  const data = buf.data.map((v, i) =>
    Math.max(0, Math.min(255, Math.round(255 * (v / 255) ** gamma * gains[i % 3]! + offset))),
  );
  return { ...buf, data };
}

/** 3×3 box blur (edges clamp): a re-render that is softer but has the same colours. */
function blur(buf: PixelBuffer): PixelBuffer {
  const { width, height } = buf;
  const data = new Uint8Array(buf.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = Math.min(width - 1, Math.max(0, x + dx));
            const yy = Math.min(height - 1, Math.max(0, y + dy));
            s += buf.data[(yy * width + xx) * 3 + k]!;
          }
        }
        data[(y * width + x) * 3 + k] = Math.round(s / 9);
      }
    }
  }
  return { ...buf, data };
}

/** Largest difference of 8×8 block means over the whole image, any channel. */
function worstBlockError(a: PixelBuffer, b: PixelBuffer): number {
  let worst = 0;
  for (let by = 0; by + 8 <= a.height; by += 8) {
    for (let bx = 0; bx + 8 <= a.width; bx += 8) {
      for (let k = 0; k < 3; k++) {
        let d = 0;
        for (let y = by; y < by + 8; y++) {
          for (let x = bx; x < bx + 8; x++)
            d += a.data[(y * a.width + x) * 3 + k]! - b.data[(y * a.width + x) * 3 + k]!;
        }
        worst = Math.max(worst, Math.abs(d / 64));
      }
    }
  }
  return worst;
}

const leftHalfKnown = (width: number, height: number) => {
  const known = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) known.fill(1, y * width, y * width + width / 2);
  return known;
};

describe('pairedMatch', () => {
  it('is the identity, byte for byte, when the re-render matches the reference', () => {
    const ref = randomBuffer(64, 48, 3, 9);
    const out = pairedMatch({ ...ref, data: ref.data.slice() }, ref, leftHalfKnown(64, 48));
    expect(Buffer.compare(out.buffer.data, ref.data)).toBe(0);
    expect(out.pairs).toBe((32 / PAIRED_BLOCK_PX) * (48 / PAIRED_BLOCK_PX));
  });

  it('undoes gamma + cast + brightness of a blurred re-render, in the unknown half too', () => {
    const truth = texturedRamps(128, 96);
    const gen = blur(distort(truth, 0.85, [0.92, 0.95, 0.9], 8));
    const known = leftHalfKnown(128, 96);
    const paired = pairedMatch(gen, truth, known).buffer;
    const meanStd = colorMatch(gen, truth, known).buffer;
    // The right half was never paired, yet its colours come back to within ~2 levels.
    expect(worstBlockError(paired, truth)).toBeLessThan(2.5);
    expect(worstBlockError(meanStd, truth)).toBeGreaterThan(worstBlockError(paired, truth));
  });

  it('does not read blur as a contrast change: a softer re-render keeps its colours', () => {
    const truth = texturedRamps(128, 96);
    const { curves } = pairedMatch(blur(truth), truth, leftHalfKnown(128, 96));
    for (const curve of curves)
      for (let v = 40; v < 200; v++) expect(Math.abs(curve[v]! - v)).toBeLessThan(1.5);
  });

  it('curves are monotone and stay in 0…255 for any pairs (property)', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const gen = randomBuffer(32, 32, 3, seed);
        const ref = randomBuffer(32, 32, 3, seed + 1);
        const { curves } = pairedMatch(gen, ref, new Uint8Array(1024).fill(1), { blockPx: 2 });
        for (const curve of curves) {
          for (let v = 0; v < 256; v++) {
            expect(curve[v]!).toBeGreaterThanOrEqual(0);
            expect(curve[v]!).toBeLessThanOrEqual(255);
            if (v > 0) expect(curve[v]!).toBeGreaterThanOrEqual(curve[v - 1]!);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('without a fully known block returns the image unchanged; alpha is never touched', () => {
    const gen = randomBuffer(16, 16, 4, 1);
    const ref = randomBuffer(16, 16, 4, 2);
    const none = pairedMatch(gen, ref, new Uint8Array(256));
    expect(none.pairs).toBe(0);
    expect(Buffer.compare(none.buffer.data, gen.data)).toBe(0);
    const all = pairedMatch(gen, ref, new Uint8Array(256).fill(1)).buffer;
    for (let p = 0; p < 256; p++) expect(all.data[p * 4 + 3]).toBe(gen.data[p * 4 + 3]);
  });

  it('rejects mismatched shapes and bad block sizes', () => {
    const a = randomBuffer(8, 8, 3, 1);
    expect(() => pairedMatch(a, randomBuffer(8, 7, 3, 1), new Uint8Array(64))).toThrow(RangeError);
    expect(() => pairedMatch(a, a, new Uint8Array(63))).toThrow(RangeError);
    expect(() => pairedMatch(a, a, new Uint8Array(64), { blockPx: 0 })).toThrow(RangeError);
  });
});
