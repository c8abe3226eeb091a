import { createMockProvider, GENERATOR_ERROR_CODES } from '@exquisite/generator';
import {
  blendWeights,
  composite,
  crop,
  maskAlpha,
  type PixelBuffer,
  planStep,
  prefill,
  REFERENCE_HEADROOM,
  type Rect,
  stepWorkRect,
  tileLocalUnknown,
  worldToLocal,
} from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import type { WorkingCanvas } from '../canvas/write-cells.js';
import { StepFailure } from '../failure.js';
import { decodeImage, decodeImageRgba } from '../image/codec.js';
import { sha256Hex } from '../image/hash.js';
import {
  garbageGenerator,
  hangingGenerator,
  shiftingGenerator,
  wrongSizeGenerator,
} from '../testing/fake-generators.js';
import { worldPattern } from '../testing/pictures.js';
import { type RunTileInput, runTile } from './run-tile.js';
import type { TileSettings } from './types.js';

const SETTINGS: TileSettings = { featherPx: 96, colorMatch: false, prefill: 'smear' };

/** A 1024×1536 canvas growing down: two tiles along the bottom edge. */
function setUp(direction: 'right' | 'down' = 'down') {
  const canvas: Rect = { x: -512, y: 0, width: 1536, height: 1024 };
  const plan = planStep(canvas, direction, { featherPx: SETTINGS.featherPx });
  const rect = stepWorkRect(plan);
  const buffer = worldPattern(rect, 9);
  // The new region has no pixels yet: black, as readWorkingCanvas leaves it.
  const fresh = worldToLocal(plan.newRegion, rect);
  for (let y = fresh.y; y < fresh.y + fresh.height; y++) {
    buffer.data.fill(0, (y * buffer.width + fresh.x) * 3, (y * buffer.width + fresh.x + fresh.width) * 3);
  }
  const working: WorkingCanvas = { buffer, origin: { x: rect.x, y: rect.y } };
  return { plan, working, tile: plan.tiles[0]! };
}

function input(overrides: Partial<RunTileInput> = {}): RunTileInput {
  const { plan, working, tile } = setUp();
  return {
    plan,
    tile,
    working,
    generator: createMockProvider(),
    prompt: 'rolling hills',
    settings: SETTINGS,
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<StepFailure> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StepFailure);
  return err as StepFailure;
}

const snapshot = (buf: PixelBuffer) => buf.data.slice();
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('runTile', () => {
  it('keeps every w = 0 pixel byte-identical, replaces unknown pixels, and pastes the tile back', async () => {
    const { plan, working } = setUp();
    for (const tile of plan.tiles) {
      const local = worldToLocal(tile.rect, working.origin);
      const before = crop(working.buffer, local);
      const result = await runTile({
        plan,
        tile,
        working,
        generator: createMockProvider(),
        prompt: 'rolling hills',
        settings: SETTINGS,
      });
      const after = crop(working.buffer, local);
      expect(same(after.data, result.composited.data)).toBe(true);
      const weights = blendWeights(tile, SETTINGS.featherPx);
      let movedAtZero = 0;
      let changedAtNonZero = 0;
      for (let p = 0; p < weights.length; p++) {
        const differs =
          before.data[p * 3] !== after.data[p * 3] ||
          before.data[p * 3 + 1] !== after.data[p * 3 + 1] ||
          before.data[p * 3 + 2] !== after.data[p * 3 + 2];
        if (weights[p] === 0 && differs) movedAtZero++;
        if (weights[p] !== 0 && differs) changedAtNonZero++;
      }
      expect(movedAtZero).toBe(0);
      expect(changedAtNonZero).toBeGreaterThan(0);
      // Unknown pixels (w = 255) are exactly the generator's output.
      const raw = await decodeImage(result.artifacts.raw.png);
      const u = tileLocalUnknown(tile);
      expect(same(crop(after, u).data, crop(raw, u).data)).toBe(true);
    }
  });

  it('sends the known pixels + prefill as reference and the geometry mask as alpha', async () => {
    const { plan, working, tile } = setUp('right');
    const known = crop(working.buffer, worldToLocal(tile.rect, working.origin));
    const result = await runTile({ ...input(), plan, working, tile: plan.tiles[0]! });
    const reference = await decodeImage(result.artifacts.reference.png);
    const mask = await decodeImageRgba(result.artifacts.mask.png);
    const expectedAlpha = maskAlpha(tile, SETTINGS.featherPx);
    const u = tileLocalUnknown(tile);
    let alphaMismatches = 0;
    let knownMismatches = 0;
    for (let y = 0; y < 1024; y++) {
      for (let x = 0; x < 1024; x++) {
        const p = y * 1024 + x;
        if (mask.data[p * 4 + 3] !== expectedAlpha[p]) alphaMismatches++;
        const inUnknown = x >= u.x && x < u.x + u.width && y >= u.y && y < u.y + u.height;
        if (
          !inUnknown &&
          !same(reference.data.subarray(p * 3, p * 3 + 3), known.data.subarray(p * 3, p * 3 + 3))
        ) {
          knownMismatches++;
        }
        // Smear prefill (right): an unknown pixel repeats the frontier column left of the unknown rect.
        if (inUnknown && x === u.x + 100) {
          const frontier = (y * 1024 + u.x - 1) * 3;
          expect(Array.from(reference.data.subarray(p * 3, p * 3 + 3))).toEqual(
            Array.from(known.data.subarray(frontier, frontier + 3)),
          );
        }
      }
    }
    expect(alphaMismatches).toBe(0);
    expect(knownMismatches).toBe(0);
    // Only the mask's alpha means anything to an image-edit API: its colour channels are black.
    expect(Array.from(mask.data.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(mask.data.subarray(mask.data.length - 4, mask.data.length - 1))).toEqual([0, 0, 0]);
  });

  it.each(GENERATOR_ERROR_CODES)('propagates the generator failure %s as a StepFailure', async (code) => {
    const { working } = setUp();
    const before = snapshot(working.buffer);
    const failure = await failureOf(
      runTile({
        ...input({ working }),
        generator: createMockProvider({ failures: true }),
        prompt: `x [mock-fail:${code}]`,
      }),
    );
    expect(failure.code).toBe(code);
    expect(same(working.buffer.data, before)).toBe(true);
  });

  it('rejects a wrong-size image as DIMENSION_MISMATCH', async () => {
    const failure = await failureOf(runTile(input({ generator: wrongSizeGenerator(1024, 512) })));
    expect(failure.code).toBe('DIMENSION_MISMATCH');
  });

  it('hands the artifacts it had to the failure: reference and mask, raw only if the generator answered', async () => {
    const { plan, working } = setUp();
    const tile = plan.tiles[1]!;
    const wrongSize = await failureOf(
      runTile({ ...input({ generator: wrongSizeGenerator(1024, 512) }), plan, working, tile }),
    );
    expect(wrongSize.tileArtifacts).toHaveLength(1);
    const [kept] = wrongSize.tileArtifacts;
    expect(kept!.index).toBe(1);
    expect(Object.keys(kept!.artifacts).sort()).toEqual(['mask', 'raw', 'reference']);
    expect(await decodeImage(kept!.artifacts.raw!.png)).toMatchObject({ width: 1024, height: 512 });
    expect(await decodeImage(kept!.artifacts.reference!.png)).toMatchObject({ width: 1024, height: 1024 });
    for (const artifact of Object.values(kept!.artifacts))
      expect(artifact.sha256).toBe(sha256Hex(artifact.png));

    const refused = await failureOf(
      runTile(
        input({ generator: createMockProvider({ failures: true }), prompt: 'x [mock-fail:SAFETY_REFUSAL]' }),
      ),
    );
    expect(refused.code).toBe('SAFETY_REFUSAL');
    expect(Object.keys(refused.tileArtifacts[0]!.artifacts).sort()).toEqual(['mask', 'reference']);
  });

  it('rejects undecodable output as DECODE_ERROR', async () => {
    const failure = await failureOf(runTile(input({ generator: garbageGenerator() })));
    expect(failure.code).toBe('DECODE_ERROR');
  });

  it('catches a compositor that touches a w = 0 pixel as IMMUTABLE_VIOLATION, leaving the canvas alone', async () => {
    const { working } = setUp();
    const before = snapshot(working.buffer);
    const broken = (c: PixelBuffer, g: PixelBuffer, w: Uint8Array) => {
      const out = composite(c, g, w);
      out.data[0] = (out.data[0]! + 1) & 0xff; // tile pixel (0,0) is deep in the old canvas: w = 0
      return out;
    };
    const failure = await failureOf(runTile(input({ working, compositor: broken })));
    expect(failure.code).toBe('IMMUTABLE_VIOLATION');
    expect(failure.detail).toMatch(/\(0,0\)/);
    expect(same(working.buffer.data, before)).toBe(true);
  });

  it('treats a compositor returning the wrong shape as IMMUTABLE_VIOLATION', async () => {
    const failure = await failureOf(
      runTile(input({ compositor: (c) => ({ ...c, data: c.data.subarray(0, 12), width: 2, height: 2 }) })),
    );
    expect(failure.code).toBe('IMMUTABLE_VIOLATION');
  });

  it('colour-matches a drifting generator onto the canvas when enabled', async () => {
    const drift = 40;
    const off = await runTile(input({ generator: shiftingGenerator(drift) }));
    const on = await runTile(
      input({ generator: shiftingGenerator(drift), settings: { ...SETTINGS, colorMatch: true } }),
    );
    expect(off.colorStats).toBeNull();
    expect(on.colorStats?.channels).toHaveLength(3);
    // In the unknown half the drift shows fully without matching, and mostly vanishes with it.
    const { tile, working } = setUp();
    const canvasTile = crop(working.buffer, worldToLocal(tile.rect, working.origin));
    const reference = await decodeImage(on.artifacts.reference.png);
    const meanDiff = (buf: PixelBuffer) => {
      const u = tileLocalUnknown(tile);
      let sum = 0;
      let n = 0;
      for (let y = u.y; y < u.y + u.height; y += 3) {
        for (let x = u.x; x < u.x + u.width; x += 3) {
          const i = (y * 1024 + x) * 3;
          sum += buf.data[i]! - reference.data[i]!;
          n++;
        }
      }
      return sum / n;
    };
    expect(canvasTile.width).toBe(1024);
    expect(meanDiff(off.composited)).toBeGreaterThan(drift * 0.8);
    expect(Math.abs(meanDiff(on.composited))).toBeLessThan(drift * 0.25);
  });

  it('with headroom, sends the reference squeezed into the range and brings the output back to the canvas levels', async () => {
    const { plan, tile, working } = setUp();
    const canvasTile = crop(working.buffer, worldToLocal(tile.rect, working.origin));
    const withHeadroom = await runTile(
      input({
        generator: shiftingGenerator(12),
        settings: { ...SETTINGS, colorMatch: true, headroom: REFERENCE_HEADROOM },
      }),
    );
    const sent = await decodeImage(withHeadroom.artifacts.reference.png);
    let darkest = 255;
    let brightest = 0;
    for (const v of sent.data) {
      darkest = Math.min(darkest, v);
      brightest = Math.max(brightest, v);
    }
    expect(darkest).toBeGreaterThanOrEqual(REFERENCE_HEADROOM.black);
    expect(brightest).toBeLessThanOrEqual(REFERENCE_HEADROOM.white);
    // The model echoed the squeezed, shifted prefill in the unknown half: matched, it is the
    // canvas' own prefill again, not the squeezed one.
    const prefilled = prefill(canvasTile, tileLocalUnknown(tile), plan.direction, SETTINGS.prefill);
    const u = tileLocalUnknown(tile);
    const meanAbs = (a: PixelBuffer, b: PixelBuffer) => {
      let sum = 0;
      let n = 0;
      for (let y = u.y; y < u.y + u.height; y += 2) {
        for (let x = u.x; x < u.x + u.width; x += 2) {
          const i = (y * 1024 + x) * 3;
          for (let k = 0; k < 3; k++) sum += Math.abs(a.data[i + k]! - b.data[i + k]!);
          n += 3;
        }
      }
      return sum / n;
    };
    expect(meanAbs(sent, prefilled)).toBeGreaterThan(10);
    expect(meanAbs(withHeadroom.composited, prefilled)).toBeLessThan(2);
    // Without colour matching nothing could undo a squeeze, so none is applied.
    const unmatched = await runTile(input({ settings: { ...SETTINGS, headroom: REFERENCE_HEADROOM } }));
    expect(same((await decodeImage(unmatched.artifacts.reference.png)).data, prefilled.data)).toBe(true);
  });

  it('aborting during generation fails as OPERATOR_ABORT', async () => {
    const controller = new AbortController();
    const promise = runTile(
      input({ generator: hangingGenerator(() => controller.abort()), signal: controller.signal }),
    );
    expect((await failureOf(promise)).code).toBe('OPERATOR_ABORT');
  });

  it('an abort carrying LEASE_EXPIRED keeps that code', async () => {
    const controller = new AbortController();
    const promise = runTile(
      input({
        generator: hangingGenerator(() => controller.abort(new StepFailure('LEASE_EXPIRED'))),
        signal: controller.signal,
      }),
    );
    expect((await failureOf(promise)).code).toBe('LEASE_EXPIRED');
  });

  it('does not call the generator when already aborted', async () => {
    let called = false;
    const controller = new AbortController();
    controller.abort();
    const failure = await failureOf(
      runTile(input({ generator: hangingGenerator(() => (called = true)), signal: controller.signal })),
    );
    expect(failure.code).toBe('OPERATOR_ABORT');
    expect(called).toBe(false);
  });
});
