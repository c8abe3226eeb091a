import {
  blendWeights,
  colorMatch,
  composite,
  crop,
  histogramMatch,
  knownMask,
  multibandComposite,
  type PixelBuffer,
  planStep,
  type Rect,
  stepWorkRect,
  verifyImmutable,
  worldToLocal,
} from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { shiftingGenerator } from '../testing/fake-generators.js';
import { worldPattern } from '../testing/pictures.js';
import { runStepTiles } from './run-step-tiles.js';
import {
  BLEND_METHODS,
  COLOR_TRANSFERS,
  compositorFor,
  DEFAULT_BLEND_METHOD,
  DEFAULT_COLOR_TRANSFER,
  isBlendMethod,
  matchTileColours,
} from './seam.js';
import type { TileSettings } from './types.js';

const BASE: TileSettings = { featherPx: 64, colorMatch: true, prefill: 'smear' };

function tileImages() {
  const plan = planStep({ x: 0, y: 0, width: 1024, height: 1024 }, 'right', { featherPx: 64 });
  const tile = plan.tiles[0]!;
  const canvas = worldPattern(tile.rect, 3);
  const generated = worldPattern(tile.rect, 4);
  return { tile, canvas, generated };
}

describe('seam settings', () => {
  it('names the methods and defaults the store and docs use', () => {
    expect(BLEND_METHODS).toEqual(['feather', 'multiband']);
    expect(COLOR_TRANSFERS).toEqual(['mean-std', 'histogram']);
    expect(BLEND_METHODS).toContain(DEFAULT_BLEND_METHOD);
    expect(COLOR_TRANSFERS).toContain(DEFAULT_COLOR_TRANSFER);
    expect(isBlendMethod('multiband')).toBe(true);
    expect(isBlendMethod('poisson')).toBe(false);
  });

  it('picks the compositor from the blend setting; an injected one always wins', () => {
    expect(compositorFor({ ...BASE, blend: 'feather' })).toBe(composite);
    expect(compositorFor({ ...BASE, blend: 'multiband' })).toBe(multibandComposite);
    expect(compositorFor(BASE)).toBe(DEFAULT_BLEND_METHOD === 'multiband' ? multibandComposite : composite);
    const injected = (c: PixelBuffer) => c;
    expect(compositorFor({ ...BASE, blend: 'multiband' }, injected)).toBe(injected);
  });

  it('applies the chosen colour transfer, or none when colour matching is off', () => {
    const { tile, canvas, generated } = tileImages();
    const known = knownMask(tile);
    const off = matchTileColours({ ...BASE, colorMatch: false }, generated, canvas, known);
    expect(off.buffer).toBe(generated);
    expect(off.stats).toBeNull();
    const meanStd = matchTileColours({ ...BASE, colorTransfer: 'mean-std' }, generated, canvas, known);
    expect(meanStd.buffer.data).toEqual(colorMatch(generated, canvas, known).buffer.data);
    const histogram = matchTileColours({ ...BASE, colorTransfer: 'histogram' }, generated, canvas, known);
    expect(histogram.buffer.data).toEqual(histogramMatch(generated, canvas, known).buffer.data);
    expect(histogram.buffer.data).not.toEqual(meanStd.buffer.data);
    expect(histogram.stats?.knownPixels).toBe(512 * 1024);
  });
});

describe('a step with each blend method through the tile runner', () => {
  const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1536 };

  async function step(settings: TileSettings) {
    const plan = planStep(canvas, 'right', { featherPx: settings.featherPx });
    const rect = stepWorkRect(plan);
    const buffer = worldPattern(rect, 5);
    const fresh = worldToLocal(plan.newRegion, rect);
    for (let y = fresh.y; y < fresh.y + fresh.height; y++) {
      buffer.data.fill(0, (y * buffer.width + fresh.x) * 3, (y * buffer.width + fresh.x + fresh.width) * 3);
    }
    const before = { ...buffer, data: buffer.data.slice() };
    const working = { buffer, origin: { x: rect.x, y: rect.y } };
    const result = await runStepTiles({ plan, working, generator: shiftingGenerator(30), prompt: 'p', settings });
    return { plan, rect, before, after: working.buffer, result };
  }

  for (const blend of BLEND_METHODS) {
    for (const colorTransfer of COLOR_TRANSFERS) {
      it(`${blend} + ${colorTransfer}: I2 bit for bit outside the feather, every tile`, async () => {
        const { plan, rect, before, after, result } = await step({ ...BASE, blend, colorTransfer });
        expect(result.tiles).toHaveLength(plan.tiles.length);
        // Each tile: every weight-0 pixel of the tile is unchanged.
        for (const tile of plan.tiles) {
          const local = worldToLocal(tile.rect, rect);
          const w = blendWeights(tile, plan.featherPx);
          // Compare against the canvas before the step, but only where no earlier tile of the step wrote.
          const earlier = plan.tiles.filter((t) => t.index < tile.index);
          const tileBefore = crop(before, local);
          const tileAfter = crop(after, local);
          if (earlier.length === 0) expect(verifyImmutable(tileBefore, tileAfter, w)).toBeNull();
        }
        // Whole step: outside the changed region, the working canvas is byte-identical.
        const changed = worldToLocal(plan.changedRegion, rect);
        for (let y = 0; y < after.height; y += 7) {
          for (let x = 0; x < changed.x; x++) {
            const i = (y * after.width + x) * 3;
            expect(after.data[i]).toBe(before.data[i]);
          }
        }
      });
    }
  }

  it('multi-band changes the feather strip differently from the linear feather', async () => {
    const feather = await step({ ...BASE, blend: 'feather' });
    const multi = await step({ ...BASE, blend: 'multiband' });
    expect(multi.after.data).not.toEqual(feather.after.data);
  });
});
