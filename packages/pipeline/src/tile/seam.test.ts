import {
  blendWeights,
  colorMatch,
  composite,
  createPixelBuffer,
  crop,
  histogramMatch,
  hybridMatch,
  knownMask,
  multibandComposite,
  type PixelBuffer,
  pairedMatch,
  planStep,
  prefill,
  REFERENCE_HEADROOM,
  type Rect,
  responseMatch,
  squeezeLevels,
  stepWorkRect,
  tileLocalUnknown,
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
  matchTileColoursDeferred,
  TILE_COLOR_TRANSFERS,
  withColorTransfer,
} from './seam.js';
import type { TileSettings } from './types.js';

const BASE: TileSettings = { featherPx: 64, colorMatch: true, prefill: 'smear' };

function tileImages() {
  const plan = planStep({ x: 0, y: 0, width: 1024, height: 1024 }, 'right', { featherPx: 64 });
  const tile = plan.tiles[0]!;
  const canvas = worldPattern(tile.rect, 3);
  // A model's re-render: a gamma curve plus a cast, which the two transfers undo differently.
  const generated = {
    ...canvas,
    data: canvas.data.map((v, i) => Math.min(255, Math.round(255 * (v / 255) ** 0.8 + (i % 3) * 5))),
  };
  return { tile, canvas, generated };
}

/** Byte equality without a 3-million-element deep diff. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

describe('seam settings', () => {
  it('names the methods and defaults the store and docs use', () => {
    expect(BLEND_METHODS).toEqual(['feather', 'multiband']);
    // The store's enum order: values are only ever appended.
    expect(COLOR_TRANSFERS).toEqual(['mean-std', 'histogram', 'paired', 'hybrid']);
    expect(BLEND_METHODS).toContain(DEFAULT_BLEND_METHOD);
    // Chosen from the 12-photograph figures with the reference headroom (docs/seams.md, "Decision").
    expect(DEFAULT_COLOR_TRANSFER).toBe('hybrid');
    expect(TILE_COLOR_TRANSFERS).toEqual([...COLOR_TRANSFERS, 'response']);
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
    expect(same(meanStd.buffer.data, colorMatch(generated, canvas, known).buffer.data)).toBe(true);
    const histogram = matchTileColours({ ...BASE, colorTransfer: 'histogram' }, generated, canvas, known);
    expect(same(histogram.buffer.data, histogramMatch(generated, canvas, known).buffer.data)).toBe(true);
    expect(same(histogram.buffer.data, meanStd.buffer.data)).toBe(false);
    expect(histogram.stats?.knownPixels).toBe(512 * 1024);
    const paired = matchTileColours({ ...BASE, colorTransfer: 'paired' }, generated, canvas, known);
    expect(same(paired.buffer.data, pairedMatch(generated, canvas, known).buffer.data)).toBe(true);
    expect(same(paired.buffer.data, histogram.buffer.data)).toBe(false);
    const response = matchTileColours(withColorTransfer(BASE, 'response'), generated, canvas, known);
    expect(same(response.buffer.data, responseMatch(generated, canvas, known).buffer.data)).toBe(true);
    expect(same(response.buffer.data, histogram.buffer.data)).toBe(false);
    expect(response.stats?.knownPixels).toBe(512 * 1024);
    const hybrid = matchTileColours({ ...BASE, colorTransfer: 'hybrid' }, generated, canvas, known);
    expect(same(hybrid.buffer.data, hybridMatch(generated, canvas, known).buffer.data)).toBe(true);
    // A room that stores no transfer gets the default: hybrid, not the cheaper histogram.
    expect(BASE.colorTransfer).toBeUndefined();
    const byDefault = matchTileColours(BASE, generated, canvas, known);
    expect(same(byDefault.buffer.data, hybrid.buffer.data)).toBe(true);
    expect(same(byDefault.buffer.data, histogram.buffer.data)).toBe(false);
    // The pattern's brightest blue clips under the +10 cast: the hybrid fills it, the law does not.
    expect(same(hybrid.buffer.data, response.buffer.data)).toBe(false);
    expect(hybrid.stats?.knownPixels).toBe(512 * 1024);
  });

  it('with headroom, gives the hybrid the reference the generator was sent: the same bytes as squeezing again', () => {
    const { tile, canvas, generated } = tileImages();
    const known = knownMask(tile);
    const settings: TileSettings = { ...BASE, colorTransfer: 'hybrid', headroom: REFERENCE_HEADROOM };
    // As the tile runner sends it: the unknown half prefilled, then squeezed.
    const sent = squeezeLevels(prefill(canvas, tileLocalUnknown(tile), 'right', 'smear'), REFERENCE_HEADROOM);
    const direct = hybridMatch(generated, canvas, known, { headroom: REFERENCE_HEADROOM });
    const passed = matchTileColoursDeferred(settings, generated, canvas, known, { sent });
    expect(same(passed.buffer.data, direct.buffer.data)).toBe(true);
    expect(same(matchTileColours(settings, generated, canvas, known).buffer.data, direct.buffer.data)).toBe(
      true,
    );
    // It is really read: a sent reference with other known pixels changes the result.
    const other = { ...sent, data: sent.data.map((v) => Math.max(0, v - 9)) };
    const moved = matchTileColoursDeferred(settings, generated, canvas, known, { sent: other });
    expect(same(moved.buffer.data, direct.buffer.data)).toBe(false);
  });

  it('response undoes a gamma + cast beyond the colours the known half shows', () => {
    const { tile } = tileImages();
    const known = knownMask(tile);
    // A smooth photograph-like tile with fine texture; the known (left) half is darker than
    // the new half, so a curve fitted on the known colours has to extrapolate. The model's
    // re-render is a gamma, a cast and a lift over the whole tile.
    const truth = createPixelBuffer(1024, 1024, 3);
    for (let y = 0; y < 1024; y++) {
      for (let x = 0; x < 1024; x++) {
        const texture = (x + y) % 2 === 0 ? 6 : -6;
        for (let k = 0; k < 3; k++) {
          const wave = 45 * Math.sin(x / (60 + 20 * k) + k) * Math.cos(y / 85);
          truth.data[(y * 1024 + x) * 3 + k] = Math.round(30 + x * 0.12 + wave + 45 + texture);
        }
      }
    }
    const model = (v: number, k: number) =>
      Math.min(255, Math.round(255 * (v / 255) ** 0.8 * [1.04, 1, 0.95][k]! + 6));
    const generated = { ...truth, data: truth.data.map((v, i) => model(v, i % 3)) };
    const newHalfError = (out: PixelBuffer) => {
      let total = 0;
      for (let p = 0; p < known.length; p++) {
        if (known[p] !== 0) continue;
        for (let k = 0; k < 3; k++) total += out.data[p * 3 + k]! - truth.data[p * 3 + k]!;
      }
      return Math.abs(total / (512 * 1024 * 3));
    };
    const histogram = matchTileColours({ ...BASE, colorTransfer: 'histogram' }, generated, truth, known);
    const response = matchTileColours(withColorTransfer(BASE, 'response'), generated, truth, known);
    expect(newHalfError(response.buffer)).toBeLessThan(0.5);
    expect(newHalfError(response.buffer)).toBeLessThan(newHalfError(histogram.buffer) / 2);
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
    const result = await runStepTiles({
      plan,
      working,
      generator: shiftingGenerator(30),
      prompt: 'p',
      settings,
    });
    return { plan, rect, before, after: working.buffer, result };
  }

  for (const blend of BLEND_METHODS) {
    for (const colorTransfer of TILE_COLOR_TRANSFERS) {
      it(`${blend} + ${colorTransfer}: I2 bit for bit outside the feather, every tile`, async () => {
        const { plan, rect, before, after, result } = await step(
          withColorTransfer({ ...BASE, blend }, colorTransfer),
        );
        expect(result.tiles).toHaveLength(plan.tiles.length);
        // The first tile sees only old canvas: every weight-0 pixel of it is unchanged.
        const first = plan.tiles[0]!;
        const local = worldToLocal(first.rect, rect);
        const w = blendWeights(first, plan.featherPx);
        expect(verifyImmutable(crop(before, local), crop(after, local), w)).toBeNull();
        // Whole step: left of the changed region, every row is byte-identical.
        const changed = worldToLocal(plan.changedRegion, rect);
        expect(changed.x).toBe(512 - plan.featherPx);
        for (let y = 0; y < after.height; y++) {
          const row = y * after.width * 3;
          const end = row + changed.x * 3;
          expect(same(after.data.subarray(row, end), before.data.subarray(row, end))).toBe(true);
        }
        // And the new region, black before, now holds the (colour-matched) generated pixels.
        const i = (700 * after.width + 600) * 3;
        expect(before.data[i]).toBe(0);
        expect(after.data[i]! + after.data[i + 1]! + after.data[i + 2]!).toBeGreaterThan(0);
      });
    }
  }

  it('hybrid: I1 and I2 hold bit for bit while it fills highlights the model clipped', async () => {
    const settings = { ...BASE, featherPx: 128, colorTransfer: 'hybrid' as const };
    const { plan, rect, before, after, result } = await step(settings);
    // I1: the step's canvas is exactly the plan's, and the working buffer kept its size.
    expect(plan.after).toEqual({ x: 0, y: 0, width: 1536, height: 1536 });
    expect([after.width, after.height]).toEqual([rect.width, rect.height]);
    expect(result.tiles).toHaveLength(plan.tiles.length);
    // The fake model adds 30 to every byte, so the pattern's top 30 levels clip: the fill is live.
    const first = plan.tiles[0]!;
    const local = worldToLocal(first.rect, rect);
    const tileBefore = crop(before, local);
    const shifted = { ...tileBefore, data: tileBefore.data.map((v) => Math.min(255, v + 30)) };
    const fills = hybridMatch(shifted, tileBefore, knownMask(first)).fills;
    expect(fills.some((f) => f.high !== null)).toBe(true);
    // I2: every weight-0 pixel of every tile, and every row left of the changed region, unchanged.
    for (const tile of plan.tiles) {
      const at = worldToLocal(tile.rect, rect);
      const w = blendWeights(tile, plan.featherPx);
      const old = crop(before, at);
      const now = crop(after, at);
      for (let p = 0; p < w.length; p++) {
        if (w[p] !== 0 || tile.rect.x + (p % 1024) >= plan.changedRegion.x) continue;
        for (let k = 0; k < 3; k++)
          if (old.data[p * 3 + k] !== now.data[p * 3 + k]) throw new Error(`I2 broken at ${p}`);
      }
    }
    const changed = worldToLocal(plan.changedRegion, rect);
    for (let y = 0; y < after.height; y++) {
      const row = y * after.width * 3;
      expect(
        same(after.data.subarray(row, row + changed.x * 3), before.data.subarray(row, row + changed.x * 3)),
      ).toBe(true);
    }
  });

  it('multi-band changes the feather strip differently from the linear feather', async () => {
    const feather = await step({ ...BASE, blend: 'feather' });
    const multi = await step({ ...BASE, blend: 'multiband' });
    expect(same(multi.after.data, feather.after.data)).toBe(false);
  });
});
