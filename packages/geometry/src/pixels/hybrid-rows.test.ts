import { describe, expect, it } from 'vitest';
import { applyResponses, sunlitPicture } from '../../test/fixtures.js';
import type { PixelBuffer } from './buffer.js';
import { REFERENCE_HEADROOM, squeezeLevels } from './headroom.js';
import { hybridMatch } from './hybrid-match.js';
import { hybridRows, hybridRowsSource } from './hybrid-rows.js';

const W = 192;
const H = 160;

/** The fixture's picture, its red kept clear of the ends so a squeezed model clips nothing. */
const picture = (seed: number): PixelBuffer => sunlitPicture(W, H, { seed, base: 140, swing: 80 });

const MODEL = [
  { gain: 1.1, offset: 8 / 255, gamma: 0.9 },
  { gain: 1, offset: 6 / 255, gamma: 0.92 },
  { gain: 0.95, offset: 6 / 255, gamma: 0.92 },
];

function leftHalf(): Uint8Array {
  const known = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) known.fill(1, y * W, y * W + W / 2);
  return known;
}

/** A model shown the squeezed canvas: nothing clips, so the pass is the row pass. */
function setUp(seed: number) {
  const truth = picture(seed);
  const generated = applyResponses(squeezeLevels(truth, REFERENCE_HEADROOM), MODEL);
  const options = {
    blockPx: 8,
    headroom: REFERENCE_HEADROOM,
    region: { x: 64, y: 0, width: W - 64, height: H },
  };
  return { truth, generated, options };
}

describe('hybridMatch with deferRows', () => {
  it('leaves the row pass to the caller, and hybridRows over the span completes it byte for byte', () => {
    for (const seed of [0, 3, 7]) {
      const { truth, generated, options } = setUp(seed);
      const whole = hybridMatch(generated, truth, leftHalf(), options);
      expect(whole.rows).toBeNull();
      const deferred = hybridMatch(generated, truth, leftHalf(), { ...options, deferRows: true });
      expect(deferred.rows).not.toBeNull();
      expect(Buffer.compare(deferred.buffer.data, generated.data)).toBe(0);
      hybridRows(generated, deferred.rows!.pass, deferred.rows!.span, deferred.buffer.data);
      expect(Buffer.compare(deferred.buffer.data, whole.buffer.data)).toBe(0);
    }
  });

  it('does not defer what it fills: the result is complete and rows is null', () => {
    const truth = picture(5);
    const clipped = applyResponses(truth, [{ gain: 1.25, offset: 10 / 255, gamma: 0.9 }, ...MODEL.slice(1)]);
    const whole = hybridMatch(clipped, truth, leftHalf(), { blockPx: 8 });
    expect(whole.fills.some((f) => f.high !== null)).toBe(true);
    const deferred = hybridMatch(clipped, truth, leftHalf(), { blockPx: 8, deferRows: true });
    expect(deferred.rows).toBeNull();
    expect(Buffer.compare(deferred.buffer.data, whole.buffer.data)).toBe(0);
  });
});

describe('hybridRows', () => {
  it('in two row bands is within a level of one pass, and writes nothing outside the span', () => {
    const { truth, generated, options } = setUp(11);
    const { rows } = hybridMatch(generated, truth, leftHalf(), { ...options, deferRows: true });
    const { pass, span } = rows!;
    const one = generated.data.slice();
    hybridRows(generated, pass, span, one);
    const two = generated.data.slice();
    const mid = 77;
    hybridRows(generated, pass, { ...span, y1: mid }, two);
    hybridRows(generated, pass, { ...span, y0: mid }, two);
    let worst = 0;
    let outside = 0;
    for (let p = 0; p < W * H; p++)
      for (let k = 0; k < 3; k++) {
        const i = p * 3 + k;
        worst = Math.max(worst, Math.abs(one[i]! - two[i]!));
        if (p % W < span.x0) outside += two[i] === generated.data[i] ? 0 : 1;
      }
    expect(worst).toBeLessThanOrEqual(1);
    expect(outside).toBe(0);
  });

  it('runs from its source text, with nothing but the text, to the same bytes', () => {
    const { truth, generated, options } = setUp(2);
    const { rows } = hybridMatch(generated, truth, leftHalf(), { ...options, deferRows: true });
    const here = generated.data.slice();
    hybridRows(generated, rows!.pass, rows!.span, here);
    // A new function scope sees only globals: what a worker thread has.
    const fromText = new Function(`return ${hybridRowsSource()};`)() as typeof hybridRows;
    const there = generated.data.slice();
    fromText(generated, rows!.pass, rows!.span, there);
    expect(Buffer.compare(there, here)).toBe(0);
    expect(Buffer.compare(here, generated.data)).not.toBe(0);
  });
});
