import { createMockProvider } from '@exquisite/generator';
import {
  clonePixelBuffer,
  colorMatchStats,
  knownMask,
  planStep,
  type Rect,
  stepWorkRect,
  worldToLocal,
} from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import type { WorkingCanvas } from '../canvas/write-cells.js';
import { decodeImage } from '../image/codec.js';
import { shiftingGenerator } from '../testing/fake-generators.js';
import { worldPattern } from '../testing/pictures.js';
import { measureColorStats, runTile } from './run-tile.js';
import type { TileSettings } from './types.js';

const SETTINGS: TileSettings = { featherPx: 64, colorMatch: true, prefill: 'smear' };

/** A one-tile step: a 1024-high canvas growing right, so the tile is the whole working buffer. */
function oneTileStep() {
  const canvas: Rect = { x: 0, y: 0, width: 2048, height: 1024 };
  const plan = planStep(canvas, 'right', { featherPx: SETTINGS.featherPx });
  const rect = stepWorkRect(plan);
  const buffer = worldPattern(rect, 4);
  const fresh = worldToLocal(plan.newRegion, rect);
  for (let y = fresh.y; y < fresh.y + fresh.height; y++) {
    buffer.data.fill(0, (y * buffer.width + fresh.x) * 3, (y * buffer.width + fresh.x + fresh.width) * 3);
  }
  const working: WorkingCanvas = { buffer, origin: { x: rect.x, y: rect.y } };
  return { plan, tile: plan.tiles[0]!, working };
}

describe('deferred colour statistics of a one-tile step', () => {
  for (const [name, generator] of [
    ['mock', createMockProvider()],
    ['drifting', shiftingGenerator(30)],
  ] as const) {
    it(`equal the statistics of the generated tile against the canvas as it was (${name})`, async () => {
      const { plan, tile, working } = oneTileStep();
      expect(plan.tiles).toHaveLength(1);
      const before = clonePixelBuffer(working.buffer);
      const result = await runTile({ plan, tile, working, generator, prompt: 'hills', settings: SETTINGS });
      // The working canvas holds the composited tile, pixel for pixel.
      expect(Buffer.from(working.buffer.data).equals(Buffer.from(result.composited.data))).toBe(true);
      expect(Buffer.from(working.buffer.data).equals(Buffer.from(before.data))).toBe(false);
      // Measured later, yet from the canvas before the tile replaced it.
      measureColorStats([result]);
      const generated = await decodeImage(result.artifacts.raw.png);
      expect(result.colorStats).toEqual(colorMatchStats(generated, before, knownMask(tile)));
    });
  }
});
