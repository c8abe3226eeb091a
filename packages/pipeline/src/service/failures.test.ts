import { createMockProvider, GENERATOR_ERROR_CODES } from '@exquisite/generator';
import { composite, type PixelBuffer } from '@exquisite/geometry';
import { acceptStep, type BlobStore, getBalance, getStep, type Room } from '@exquisite/store';
import { forEachEngine, ledgerSum } from '@exquisite/store/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type StepFailureCode, stepFailureMessage } from '../failure.js';
import { sha256Hex } from '../image/hash.js';
import { wrongSizeGenerator } from '../testing/fake-generators.js';
import type { Compositor } from '../tile/types.js';
import { DEFAULT_PIPELINE_CONFIG } from './config.js';
import { stepRequestHash } from './request-hash.js';
import { runStep } from './run-step.js';
import {
  makeTable,
  makeWorld,
  mustGetRoom,
  stepLedger,
  submitAndSettle,
  turnSubmission,
  useTempBlobStore,
  type World,
} from './test-harness.js';

/** A blob store whose puts fail while `failing` is set (a full disk, a lost bucket). */
class FlakyBlobStore implements BlobStore {
  failing = false;
  constructor(private readonly inner: BlobStore) {}
  get kind() {
    return this.inner.kind;
  }
  async put(key: string, bytes: Uint8Array, options?: { contentType?: string }) {
    if (this.failing) throw new Error('EIO: injected write failure');
    return this.inner.put(key, bytes, options);
  }
  get = (key: string) => this.inner.get(key);
  stream = (key: string) => this.inner.stream(key);
  head = (key: string) => this.inner.head(key);
  exists = (key: string) => this.inner.exists(key);
  delete = (key: string) => this.inner.delete(key);
  list = (prefix: string) => this.inner.list(prefix);
  ping = () => this.inner.ping();
}

/** Touches a pixel deep inside the old canvas (weight 0): the I2 check must refuse it. */
const tamperingCompositor: Compositor = (canvas, generated, weights) => {
  const out: PixelBuffer = composite(canvas, generated, weights);
  const last = out.data.length - 1; // bottom-right: old canvas, far from a left step's seam
  out.data[last] = (out.data[last]! + 1) & 0xff;
  return out;
};

const throwingCompositor: Compositor = () => {
  throw new Error('injected compositor crash');
};

forEachEngine('step failures', (get) => {
  const store = useTempBlobStore();
  let blobs: FlakyBlobStore;
  let world: World;
  beforeAll(() => {
    blobs = new FlakyBlobStore(store());
    world = makeWorld(get().db, blobs);
  });

  /** Snapshot of what a failed step must leave as it was. */
  async function snapshot(room: Room) {
    const now = await mustGetRoom(world.db, room.id);
    return {
      canvas: now.canvas,
      turn: now.turn,
      balance: await getBalance(world.db, now.turn.userId!),
      activeStep: now.activeStep,
    };
  }

  /** The failed step is settled with `code`, refunded once, and left nothing changed. */
  async function expectCleanFailure(room: Room, stepId: string, code: StepFailureCode, before: unknown) {
    const step = (await getStep(world.db, stepId))!;
    expect(step.status).toBe('failed');
    expect(step.error).toEqual({ code, message: stepFailureMessage(code) });
    expect(step.error!.message.length).toBeGreaterThan(20);
    expect((step.record as { failure: { code: string } }).failure.code).toBe(code);
    const entries = await stepLedger(world.db, step.userId, stepId);
    expect(entries.map((e) => [e.reason, e.delta]).sort()).toEqual([
      ['debit', -step.cost],
      ['refund', step.cost],
    ]);
    expect(await ledgerSum(world.db, step.userId)).toBe(await getBalance(world.db, step.userId));
    expect(await snapshot(room)).toEqual(before);
    expect(world.events.some((e) => e.type === 'step.failed' && e.stepId === stepId)).toBe(true);
  }

  /** The same player plays the same turn again, and this time it commits. */
  async function expectPlayable(room: Room) {
    const retry = await submitAndSettle(world.pipeline, await turnSubmission(world.db, room.id, 'down'));
    expect(retry.outcome.status).toBe('committed');
  }

  describe.each(GENERATOR_ERROR_CODES)('%s from the generator', (code) => {
    it('fails the step with the code, refunds once, leaves canvas and turn, and unlocks the room', async () => {
      const { room } = await makeTable(world);
      const before = await snapshot(room);
      const input = await turnSubmission(world.db, room.id, 'right', `a lighthouse [mock-fail:${code}]`);
      const { stepId, outcome } = await submitAndSettle(world.pipeline, input);
      expect(outcome).toMatchObject({ status: 'failed', code });
      await expectCleanFailure(room, stepId, code, before);
      await expectPlayable(room);
    });
  });

  it.each([
    ['IMMUTABLE_VIOLATION', tamperingCompositor],
    ['COMPOSITE_ERROR', throwingCompositor],
  ] as const)('%s from compositing fails cleanly too', async (code, compositor) => {
    const { room } = await makeTable(world);
    const before = await snapshot(room);
    const input = await turnSubmission(world.db, room.id, 'left');
    const accepted = await acceptStep(world.db, {
      ...input,
      requestHash: stepRequestHash(input),
      leaseSeconds: 60,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);
    const outcome = await runStep(
      {
        db: world.db,
        blobs,
        generator: createMockProvider(),
        config: DEFAULT_PIPELINE_CONFIG,
        onEvent: (e) => world.events.push(e),
        compositor,
      },
      accepted.step,
    );
    expect(outcome).toMatchObject({ status: 'failed', code });
    await expectCleanFailure(room, accepted.step.id, code, before);
    await expectPlayable(room);
  });

  it('ARTIFACT_WRITE_ERROR when the blob store refuses writes', async () => {
    const { room } = await makeTable(world);
    const before = await snapshot(room);
    blobs.failing = true;
    try {
      const { stepId, outcome } = await submitAndSettle(
        world.pipeline,
        await turnSubmission(world.db, room.id, 'up'),
      );
      expect(outcome).toMatchObject({ status: 'failed', code: 'ARTIFACT_WRITE_ERROR' });
      await expectCleanFailure(room, stepId, 'ARTIFACT_WRITE_ERROR', before);
    } finally {
      blobs.failing = false;
    }
    await expectPlayable(room);
  });

  it('keeps reference, mask and raw output of a failed tile, with their keys and hashes in the record', async () => {
    const { room } = await makeTable(world);
    const input = await turnSubmission(world.db, room.id, 'right');
    const accepted = await acceptStep(world.db, {
      ...input,
      requestHash: stepRequestHash(input),
      leaseSeconds: 60,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);
    const outcome = await runStep(
      {
        db: world.db,
        blobs,
        generator: wrongSizeGenerator(1024, 768),
        config: DEFAULT_PIPELINE_CONFIG,
        onEvent: () => {},
      },
      accepted.step,
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'DIMENSION_MISMATCH' });
    const record = (await getStep(world.db, accepted.step.id))!.record as {
      failure: {
        code: string;
        detail: string;
        tiles: Array<{ index: number; artifacts: Record<string, string>; sha256: Record<string, string> }>;
      };
    };
    expect(record.failure.detail).toMatch(/1024×768/);
    expect(record.failure.tiles).toHaveLength(1);
    const [tile] = record.failure.tiles;
    expect(Object.keys(tile!.artifacts).sort()).toEqual(['mask', 'raw', 'reference']);
    for (const [kind, key] of Object.entries(tile!.artifacts)) {
      expect(key).toBe(`steps/${accepted.step.id}/tile-0-${kind}.png`);
      const bytes = await blobs.get(key);
      expect(bytes, key).not.toBeNull();
      expect(sha256Hex(bytes!)).toBe(tile!.sha256[kind]);
    }
  });

  it('keeps the completed tiles when a later tile of the step fails', async () => {
    // A 1536-high canvas: a step right has two tiles; the second generator call fails.
    const { room } = await makeTable(world);
    expect(
      (await submitAndSettle(world.pipeline, await turnSubmission(world.db, room.id, 'down'))).outcome.status,
    ).toBe('committed');
    const mock = createMockProvider();
    let calls = 0;
    const secondFails = {
      name: 'mock',
      model: mock.model,
      create: mock.create.bind(mock),
      edit: async (req: Parameters<typeof mock.edit>[0]) => {
        calls++;
        if (calls === 2) return (await wrongSizeGenerator(512, 512).edit(req)) as never;
        return mock.edit(req);
      },
    };
    const input = await turnSubmission(world.db, room.id, 'right');
    const accepted = await acceptStep(world.db, {
      ...input,
      requestHash: stepRequestHash(input),
      leaseSeconds: 60,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);
    expect(accepted.step.tiles).toBe(2);
    const outcome = await runStep(
      { db: world.db, blobs, generator: secondFails, config: DEFAULT_PIPELINE_CONFIG, onEvent: () => {} },
      accepted.step,
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'DIMENSION_MISMATCH' });
    const record = (await getStep(world.db, accepted.step.id))!.record as {
      failure: { tiles: Array<{ index: number; artifacts: Record<string, string> }> };
    };
    expect(record.failure.tiles.map((t) => [t.index, Object.keys(t.artifacts).sort()])).toEqual([
      [0, ['composited', 'mask', 'raw', 'reference']],
      [1, ['mask', 'raw', 'reference']],
    ]);
    for (const tile of record.failure.tiles)
      for (const key of Object.values(tile.artifacts)) expect(await blobs.exists(key)).toBe(true);
  });
});
