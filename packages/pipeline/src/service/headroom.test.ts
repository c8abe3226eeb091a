import {
  createPixelBuffer,
  crop,
  intersectRect,
  type PixelBuffer,
  planStep,
  REFERENCE_HEADROOM,
  squeezeLevels,
  worldToLocal,
} from '@exquisite/geometry';
import { getStep } from '@exquisite/store';
import { forEachEngine, makeUser } from '@exquisite/store/testing';
import { beforeAll, expect, it } from 'vitest';
import { decodeImage, encodePng } from '../image/codec.js';
import { toneGenerator } from '../testing/fake-generators.js';
import { HEADROOM_LIMIT } from '../tile/headroom-policy.js';
import type { CreateRoomInput } from './pipeline.js';
import {
  makeWorld,
  samePixels,
  submitAndSettle,
  turnSubmission,
  useTempBlobStore,
  versionPixels,
  type World,
} from './test-harness.js';

const START = { x: 0, y: 0, width: 1024, height: 1024 };

/**
 * A start image using the full 0…255 range in every channel (stripes of black and white over a
 * gradient), so a reference sent as the canvas is shows 0 and 255 and a squeezed one cannot.
 */
function fullRangeStart(): PixelBuffer {
  const buf = createPixelBuffer(START.width, START.height, 3);
  for (let y = 0; y < buf.height; y++) {
    for (let x = 0; x < buf.width; x++) {
      const stripe = Math.floor(x / 64) % 4;
      const level = stripe === 0 ? 0 : stripe === 1 ? 255 : (x + y) % 256;
      const at = (y * buf.width + x) * 3;
      buf.data[at] = level;
      buf.data[at + 1] = 255 - level;
      buf.data[at + 2] = level;
    }
  }
  return buf;
}

function levelRange(buf: PixelBuffer): { min: number; max: number } {
  let min = 255;
  let max = 0;
  for (let i = 0; i < buf.data.length; i++) {
    if (buf.channels === 4 && i % 4 === 3) continue;
    const v = buf.data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

interface StepRecordView {
  parameters: {
    referenceHeadroom: boolean;
    colorMatch: boolean | null;
    headroom: { black: number; white: number } | null;
  };
  tiles: Array<{
    artifacts: { reference: string };
    colourLaw: {
      responses: Array<{ gain: number; offset: number; gamma: number }>;
      clipped: { high: boolean[]; low: boolean[] };
    } | null;
  }>;
}

forEachEngine('reference headroom, a room setting', (get) => {
  const testBlobs = useTempBlobStore();
  let world: World;
  beforeAll(() => {
    world = makeWorld(get().db, testBlobs());
  });

  /** A fresh room started from the full-range picture, made with `settings`. */
  async function fullRangeRoom(target: World, settings?: CreateRoomInput['settings']): Promise<string> {
    const owner = await makeUser(target.db, { credits: 20 });
    const created = await target.pipeline.createRoom({
      name: 'Headroom',
      mode: 'open',
      direction: null,
      maxTurns: null,
      ownerId: owner.id,
      start: { kind: 'upload', bytes: await encodePng(fullRangeStart()) },
      ...(settings ? { settings } : {}),
    });
    if (!created.ok) throw new Error(created.code);
    return created.roomId;
  }

  /** One committed step of `roomId` in `direction`: its record and the reference the model got. */
  async function stepOf(target: World, roomId: string, direction: 'right' | 'down') {
    const { stepId, outcome } = await submitAndSettle(
      target.pipeline,
      await turnSubmission(target.db, roomId, direction),
    );
    expect(outcome.status).toBe('committed');
    const record = (await getStep(target.db, stepId))!.record as unknown as StepRecordView;
    const bytes = await target.blobs.get(record.tiles[0]!.artifacts.reference);
    expect(bytes).not.toBeNull();
    return { record, reference: await decodeImage(bytes!) };
  }

  it('a model that clips its highlights gets a narrower range from the next step on, sized from its law', async () => {
    // Strong drift: +14 lift, gain 1.15, gamma 0.8 — the squeezed white 210 comes back as 255.
    const law = { gain: 1.15, offset: 14 / 255, gamma: 0.8 };
    const clipping = makeWorld(get().db, testBlobs(), { generator: toneGenerator(law) });
    const roomId = await fullRangeRoom(clipping);
    const predicted = (level: number) => 255 * (law.offset + law.gain * (level / 255) ** law.gamma);

    const first = await stepOf(clipping, roomId, 'right');
    expect(first.record.parameters.headroom).toEqual(REFERENCE_HEADROOM);
    const found = first.record.tiles[0]!.colourLaw!;
    expect(found.clipped.high).toEqual([true, true, true]);
    for (const r of found.responses) {
      expect(r.gain).toBeCloseTo(law.gain, 1);
      expect(r.gamma).toBeCloseTo(law.gamma, 1);
    }

    const second = await stepOf(clipping, roomId, 'down');
    const range = second.record.parameters.headroom!;
    expect(range.black).toBe(REFERENCE_HEADROOM.black);
    expect(range.white).toBeLessThan(REFERENCE_HEADROOM.white);
    expect(range.white).toBeGreaterThanOrEqual(HEADROOM_LIMIT.white);
    // Where the model's law lands the new white: within a couple of levels of 251.
    expect(predicted(range.white)).toBeLessThanOrEqual(253);
    expect(predicted(range.white + 3)).toBeGreaterThan(251);
    expect(levelRange(second.reference).max).toBe(range.white);

    // It never widens again, even on a step where the law is met.
    const third = await stepOf(clipping, roomId, 'right');
    expect(third.record.parameters.headroom!.white).toBeLessThanOrEqual(range.white);
  });

  it('a model that keeps the known pixels leaves the room at 20…210 step after step', async () => {
    const roomId = await fullRangeRoom(world);
    for (const direction of ['right', 'down'] as const) {
      const { record, reference } = await stepOf(world, roomId, direction);
      expect(record.parameters.headroom).toEqual(REFERENCE_HEADROOM);
      expect(record.tiles[0]!.colourLaw?.clipped).toEqual({
        high: [false, false, false],
        low: [false, false, false],
      });
      expect(levelRange(reference).max).toBe(REFERENCE_HEADROOM.white);
    }
  });

  /** One step right in a fresh room made with `settings`: the record and the canvas/reference pair. */
  async function firstStep(settings: CreateRoomInput['settings']) {
    const roomId = await fullRangeRoom(world, settings);
    const { record, reference } = await stepOf(world, roomId, 'right');

    // The tile's half over the old canvas, as the canvas holds it and as the model was shown it.
    const tile = planStep(START, 'right', { featherPx: 128 }).tiles[0]!;
    const knownWorld = intersectRect(tile.rect, START)!;
    const canvasKnown = await versionPixels(world.db, world.blobs, roomId, 0, knownWorld);
    expect(levelRange(canvasKnown)).toEqual({ min: 0, max: 255 });
    const sentKnown = crop(reference, worldToLocal(knownWorld, tile.rect));
    return { record, reference, canvasKnown, sentKnown };
  }

  it('is on for a new room: the model gets the reference squeezed into 20…210, and the record says so', async () => {
    const { record, reference, canvasKnown, sentKnown } = await firstStep(undefined);
    expect(record.parameters).toMatchObject({ colorMatch: true, referenceHeadroom: true });
    expect(levelRange(reference)).toEqual({ min: REFERENCE_HEADROOM.black, max: REFERENCE_HEADROOM.white });
    expect(samePixels(sentKnown, squeezeLevels(canvasKnown, REFERENCE_HEADROOM))).toBe(true);
  });

  it('a room created with referenceHeadroom: false sends the canvas levels as they are', async () => {
    const { record, reference, canvasKnown, sentKnown } = await firstStep({ referenceHeadroom: false });
    expect(record.parameters).toMatchObject({ colorMatch: true, referenceHeadroom: false, headroom: null });
    expect(levelRange(reference)).toEqual({ min: 0, max: 255 });
    expect(samePixels(sentKnown, canvasKnown)).toBe(true);
  });

  it('without colour matching the headroom is not applied, and the record says false', async () => {
    const { record, canvasKnown, sentKnown } = await firstStep({ colorMatch: false });
    expect(record.parameters).toMatchObject({ colorMatch: false, referenceHeadroom: false, headroom: null });
    expect(record.tiles[0]!.colourLaw).toBeNull();
    expect(samePixels(sentKnown, canvasKnown)).toBe(true);
  });
});
