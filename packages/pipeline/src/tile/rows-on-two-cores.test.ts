import {
  hybridMatch,
  hybridRows,
  knownMask,
  planStep,
  REFERENCE_HEADROOM,
  squeezeLevels,
  TILE_PX,
} from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { worldPattern } from '../testing/pictures.js';
import { hybridRowsOnTwoCores } from './rows-on-two-cores.js';
import { tileMasks } from './tile-masks.js';

/** A right step's tile: the canvas on the left, a model's brighter, squeezed repaint of it. */
function setUp() {
  const tile = planStep({ x: 0, y: 0, width: TILE_PX, height: TILE_PX }, 'right', { featherPx: 128 })
    .tiles[0]!;
  const canvas = worldPattern({ x: 0, y: 0, width: TILE_PX, height: TILE_PX }, 4);
  const generated = squeezeLevels(canvas, REFERENCE_HEADROOM);
  for (let i = 0; i < generated.data.length; i++)
    generated.data[i] = Math.min(255, Math.round(generated.data[i]! * 1.08 + 6));
  const known = knownMask(tile);
  const region = tileMasks(tile, 128).blended;
  const options = { headroom: REFERENCE_HEADROOM, region };
  return { canvas, generated, known, options };
}

describe('hybridRowsOnTwoCores', () => {
  it('gives the bytes of the two half-span passes, the bottom one run on a PNG worker', async () => {
    const { canvas, generated, known, options } = setUp();
    const deferred = hybridMatch(generated, canvas, known, { ...options, deferRows: true });
    expect(deferred.rows).not.toBeNull();
    const { pass, span } = deferred.rows!;
    await hybridRowsOnTwoCores(generated, deferred.rows!, deferred.buffer.data);
    // The same two halves on this thread: top, then bottom from the middle row.
    const here = generated.data.slice();
    const mid = span.y0 + ((span.y1 - span.y0) >> 1);
    hybridRows(generated, pass, { ...span, y1: mid }, here);
    hybridRows(generated, pass, { ...span, y0: mid }, here);
    expect(Buffer.compare(deferred.buffer.data, here)).toBe(0);
    // And within a level of one pass over the whole span, nothing outside it touched.
    const whole = hybridMatch(generated, canvas, known, options).buffer.data;
    let worst = 0;
    for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i]! - here[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    for (let y = 0; y < TILE_PX; y += 97)
      for (let x = 0; x < span.x0; x++)
        expect(deferred.buffer.data[(y * TILE_PX + x) * 3]).toBe(generated.data[(y * TILE_PX + x) * 3]);
  });

  it('runs a short span on this thread alone, byte for byte the single pass', async () => {
    const { canvas, generated, known } = setUp();
    const options = { headroom: REFERENCE_HEADROOM, region: { x: 384, y: 0, width: 640, height: 200 } };
    const deferred = hybridMatch(generated, canvas, known, { ...options, deferRows: true });
    await hybridRowsOnTwoCores(generated, deferred.rows!, deferred.buffer.data);
    const whole = hybridMatch(generated, canvas, known, options).buffer.data;
    expect(Buffer.compare(deferred.buffer.data, whole)).toBe(0);
  });
});
