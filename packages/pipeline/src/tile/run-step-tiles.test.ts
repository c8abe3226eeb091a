import { createMockProvider } from '@exquisite/generator';
import {
  composite,
  crop,
  type Direction,
  planStep,
  type Rect,
  rectsIntersect,
  stepWorkRect,
  subtractRect,
  worldToLocal,
} from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { CellIndex } from '../canvas/cell-ref.js';
import { readRegion } from '../canvas/read-region.js';
import { readWorkingCanvas } from '../canvas/working.js';
import { writeCells } from '../canvas/write-cells.js';
import { StepFailure } from '../failure.js';
import { decodeImage } from '../image/codec.js';
import { sha256Hex } from '../image/hash.js';
import { MemoryBlobStore } from '../testing/memory-blob-store.js';
import { worldPattern } from '../testing/pictures.js';
import { runStepTiles } from './run-step-tiles.js';
import type { TileProgress, TileSettings } from './types.js';

const SETTINGS: TileSettings = { featherPx: 64, colorMatch: true, prefill: 'smear' };

async function setUp(canvas: Rect, direction: Direction, featherPx = SETTINGS.featherPx) {
  const blobs = new MemoryBlobStore();
  const original = worldPattern(canvas, 42);
  const refs = await writeCells(blobs, { buffer: original, origin: canvas }, canvas);
  const plan = planStep(canvas, direction, { featherPx });
  const working = await readWorkingCanvas(blobs, refs, plan);
  return { blobs, original, refs, plan, working };
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('runStepTiles', () => {
  // Non-square canvases with a negative origin; 1536 along the edge → 2 tiles per step.
  const cases: Array<[Direction, Rect]> = [
    ['right', { x: -512, y: -512, width: 1024, height: 1536 }],
    ['left', { x: -512, y: -512, width: 1024, height: 1536 }],
    ['down', { x: -1024, y: 512, width: 1536, height: 1024 }],
    ['up', { x: -1024, y: 512, width: 1536, height: 1024 }],
  ];

  it.each(cases)(
    'grows %s, leaving everything outside the changed region byte-identical',
    { timeout: 60_000 },
    async (direction, canvas) => {
      const { blobs, original, refs, plan, working } = await setUp(canvas, direction);
      const before = working.buffer.data.slice();
      const progress: TileProgress[] = [];
      const result = await runStepTiles({
        plan,
        working,
        generator: createMockProvider(),
        prompt: 'a quiet valley at dawn',
        settings: SETTINGS,
        onProgress: (p) => progress.push(p),
      });

      expect(plan.tiles).toHaveLength(2);
      expect(result.tiles.map((t) => t.index)).toEqual([0, 1]);
      expect(progress).toEqual([
        { tile: 0, tiles: 2, phase: 'generating' },
        { tile: 0, tiles: 2, phase: 'compositing' },
        { tile: 1, tiles: 2, phase: 'generating' },
        { tile: 1, tiles: 2, phase: 'compositing' },
      ]);
      expect(result.workRect).toEqual(stepWorkRect(plan));

      // I2 inside the working buffer: outside the changed region nothing moved; inside it did.
      const changed = worldToLocal(plan.changedRegion, working.origin);
      const { width } = working.buffer;
      let changedPixels = 0;
      let movedOutside = 0;
      for (let y = 0; y < working.buffer.height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 3;
          const differs =
            before[i] !== working.buffer.data[i] ||
            before[i + 1] !== working.buffer.data[i + 1] ||
            before[i + 2] !== working.buffer.data[i + 2];
          const inChanged =
            x >= changed.x &&
            x < changed.x + changed.width &&
            y >= changed.y &&
            y < changed.y + changed.height;
          if (differs && !inChanged) movedOutside++;
          if (differs) changedPixels++;
        }
      }
      expect(movedOutside).toBe(0);
      expect(changedPixels).toBeGreaterThan(plan.newRegion.width * plan.newRegion.height * 0.9);

      // Artifacts carry the hashes of their bytes, and the raw output decodes to 1024².
      for (const tile of result.tiles) {
        for (const artifact of Object.values(tile.artifacts))
          expect(artifact.sha256).toBe(sha256Hex(artifact.png));
        expect(await decodeImage(tile.artifacts.raw.png)).toMatchObject({ width: 1024, height: 1024 });
        expect(tile.generator).toMatchObject({ provider: 'mock', attempts: 1 });
        expect(tile.colorStats?.knownPixels).toBeGreaterThan(0);
      }

      // Commit-side view: write the changed cells, read the grown canvas back.
      const newCells = await writeCells(blobs, working, plan.changedRegion);
      for (const ref of newCells) {
        expect(
          rectsIntersect({ x: ref.cx * 512, y: ref.cy * 512, width: 512, height: 512 }, plan.changedRegion),
        ).toBe(true);
      }
      const index = new CellIndex(0, refs);
      for (const ref of newCells) index.set(ref);
      const grown = await readRegion(blobs, index, plan.after);
      expect(grown).toMatchObject({ width: plan.after.width, height: plan.after.height });
      // Old canvas outside the changed region: byte-identical to the original, row by row.
      let differingRows = 0;
      for (let y = plan.before.y; y < plan.before.y + plan.before.height; y++) {
        const row: Rect = { x: plan.before.x, y, width: plan.before.width, height: 1 };
        for (const part of subtractRect(row, plan.changedRegion)) {
          const a = crop(grown, worldToLocal(part, plan.after)).data;
          const b = crop(original, worldToLocal(part, canvas)).data;
          if (!same(a, b)) differingRows++;
        }
      }
      expect(differingRows).toBe(0);
      // And the new region holds exactly what the tiles produced.
      const fresh = worldToLocal(plan.newRegion, working.origin);
      expect(
        same(crop(grown, worldToLocal(plan.newRegion, plan.after)).data, crop(working.buffer, fresh).data),
      ).toBe(true);
    },
  );

  it('refuses a working canvas that is not the step work rect', async () => {
    const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1024 };
    const { plan, working } = await setUp(canvas, 'right');
    const err = await runStepTiles({
      plan,
      working: { ...working, origin: { x: working.origin.x + 512, y: working.origin.y } },
      generator: createMockProvider(),
      prompt: 'x',
      settings: SETTINGS,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect((err as StepFailure).code).toBe('COMPOSITE_ERROR');
  });

  it('catches a compositor that writes into the canvas it is given, outside the changed region', async () => {
    // A one-tile step hands the compositor the working canvas itself (no copy), so a tile's own
    // I2 check compares a corrupted canvas with a result built from it and sees nothing: the
    // step-wide check against the snapshot taken before any tile ran must.
    const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1024 };
    const { plan, working } = await setUp(canvas, 'right');
    const err = await runStepTiles({
      plan,
      working,
      generator: createMockProvider(),
      prompt: 'x',
      settings: SETTINGS,
      compositor: (canvasTile, generated, weights) => {
        canvasTile.data[0] = (canvasTile.data[0]! + 1) & 0xff; // pixel (0,0): far from the frontier
        return composite(canvasTile, generated, weights);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect((err as StepFailure).code).toBe('IMMUTABLE_VIOLATION');
    expect((err as StepFailure).detail).toContain('outside the changed region');
  });

  it('stops between tiles when aborted, as OPERATOR_ABORT', async () => {
    const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1536 };
    const { plan, working } = await setUp(canvas, 'right');
    const controller = new AbortController();
    const progress: TileProgress[] = [];
    const err = await runStepTiles({
      plan,
      working,
      generator: createMockProvider(),
      prompt: 'x',
      settings: SETTINGS,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.tile === 0 && p.phase === 'compositing') controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect((err as StepFailure).code).toBe('OPERATOR_ABORT');
    expect(progress.some((p) => p.tile === 1)).toBe(false);
  });
});
