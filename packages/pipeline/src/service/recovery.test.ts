import { setTimeout as sleep } from 'node:timers/promises';
import { createMockProvider } from '@exquisite/generator';
import { planStep } from '@exquisite/geometry';
import { acceptStep, commitStep, getBalance, getStep, listSteps } from '@exquisite/store';
import { forEachEngine } from '@exquisite/store/testing';
import { expect, it } from 'vitest';
import { hangingGenerator } from '../testing/fake-generators.js';
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
} from './test-harness.js';

forEachEngine('step recovery and idempotency', (get) => {
  const testBlobs = useTempBlobStore();

  it('aborts and refunds a dead worker’s step on lease expiry, and refuses its late commit', async () => {
    const world = makeWorld(get().db, testBlobs(), { config: { leaseSeconds: 1 } });
    const { db } = world;
    // The cheap transfer: the last step below runs under this 1-second lease, and the hybrid's
    // synchronous CPU a tile can hold heartbeats back past it on a loaded 2-core machine.
    const { room } = await makeTable(world, { colorTransfer: 'histogram' });
    const input = await turnSubmission(db, room.id, 'right');
    const balance = (await getBalance(db, input.userId))!;

    // The worker that accepted this step dies before running it: accepted, never heartbeated.
    const accepted = await acceptStep(db, {
      ...input,
      requestHash: stepRequestHash(input),
      leaseSeconds: 1,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);
    const lost = accepted.step;
    expect(await getBalance(db, input.userId)).toBe(balance - 1);
    expect(await world.pipeline.sweep()).toBe(0); // the lease still holds

    await sleep(1_300);
    expect(await world.pipeline.sweep()).toBe(1);
    const aborted = (await getStep(db, lost.id))!;
    expect(aborted.status).toBe('aborted');
    expect(aborted.error?.code).toBe('LEASE_EXPIRED');
    expect(aborted.error?.message).toMatch(/refunded/);
    expect(await getBalance(db, input.userId)).toBe(balance);
    expect(world.events).toContainEqual({ type: 'step.failed', roomId: room.id, stepId: lost.id });

    // The lost worker comes back and runs to the end: everything it wrote stays unreferenced.
    const zombie = await runStep(
      {
        db,
        blobs: testBlobs(),
        generator: createMockProvider(),
        config: { ...DEFAULT_PIPELINE_CONFIG, leaseSeconds: 60 },
        onEvent: () => {},
      },
      lost,
    );
    expect(zombie).toEqual({ status: 'fenced' });
    const late = await commitStep(db, {
      stepId: lost.id,
      fencingToken: lost.fencingToken,
      after: planStep(lost.before, lost.direction).after,
      cells: [],
    });
    expect(late).toEqual({ ok: false, code: 'FENCED' });

    const after = await mustGetRoom(db, room.id);
    expect(after.canvas).toEqual(room.canvas);
    expect(after.turn).toEqual(room.turn);
    expect((await getStep(db, lost.id))!.status).toBe('aborted');
    expect((await stepLedger(db, input.userId, lost.id)).map((e) => e.reason).sort()).toEqual([
      'debit',
      'refund',
    ]);
    expect(await world.pipeline.sweep()).toBe(0);

    // The room plays on: the same player's turn, a fresh step commits.
    const next = await submitAndSettle(world.pipeline, await turnSubmission(db, room.id, 'right'));
    expect(next.outcome.status).toBe('committed');
  });

  it('an operator abort stops the running step, refunds it, and the runner never commits', async () => {
    let generatorCalled!: () => void;
    const called = new Promise<void>((resolve) => {
      generatorCalled = resolve;
    });
    const world = makeWorld(get().db, testBlobs(), { generator: hangingGenerator(() => generatorCalled()) });
    const { db, pipeline } = world;
    const { room, owner } = await makeTable(world);
    const input = await turnSubmission(db, room.id, 'down');
    const balance = (await getBalance(db, input.userId))!;
    const submitted = await pipeline.submitStep(input);
    if (!submitted.ok) throw new Error(submitted.code);
    const run = pipeline.settled(submitted.stepId)!;
    await called;

    expect(await pipeline.abortStep({ stepId: submitted.stepId, actorId: owner.id })).toEqual({ ok: true });
    expect(await run).toEqual({ status: 'fenced' });
    const step = (await getStep(db, submitted.stepId))!;
    expect(step.status).toBe('aborted');
    expect(step.error?.code).toBe('OPERATOR_ABORT');
    expect(await getBalance(db, input.userId)).toBe(balance);
    expect((await stepLedger(db, input.userId, step.id)).map((e) => e.reason).sort()).toEqual([
      'debit',
      'refund',
    ]);
    expect(world.generator.edits).toBe(1);
    expect(world.events.filter((e) => e.stepId === step.id).map((e) => e.type)).not.toContain(
      'step.committed',
    );
    const after = await mustGetRoom(db, room.id);
    expect(after.canvas).toEqual(room.canvas);
    expect(after.turn).toEqual(room.turn);
    expect(await pipeline.abortStep({ stepId: step.id, actorId: owner.id })).toEqual({
      ok: false,
      code: 'NOT_RUNNING',
    });

    world.generator.inner = createMockProvider();
    const next = await submitAndSettle(pipeline, await turnSubmission(db, room.id, 'down'));
    expect(next.outcome.status).toBe('committed');
  });

  it('runs one Idempotency-Key once: five concurrent submissions, one step, one debit, one run', async () => {
    const world = makeWorld(get().db, testBlobs());
    const { db, pipeline } = world;
    const { room } = await makeTable(world);
    const input = await turnSubmission(db, room.id, 'left');
    const balance = (await getBalance(db, input.userId))!;

    const answers = await Promise.all(Array.from({ length: 5 }, () => pipeline.submitStep(input)));
    const ids = new Set(answers.map((a) => (a.ok ? a.stepId : a.code)));
    expect(ids.size).toBe(1);
    const [stepId] = [...ids] as [string];
    expect(answers.filter((a) => a.ok && !a.replay)).toHaveLength(1);
    const outcome = await pipeline.settled(stepId);
    expect(outcome?.status).toBe('committed');

    expect(world.generator.edits).toBe(1);
    expect(await getBalance(db, input.userId)).toBe(balance - 1);
    expect((await stepLedger(db, input.userId, stepId)).map((e) => [e.reason, e.delta])).toEqual([
      ['debit', -1],
    ]);
    expect((await listSteps(db, room.id)).map((s) => s.id)).toEqual([stepId]);

    // A retry after the commit replays the settled step; nothing runs again.
    expect(await pipeline.submitStep(input)).toEqual({ ok: true, stepId, replay: true });
    expect(pipeline.running).toBe(0);
    expect(world.generator.edits).toBe(1);
    // The same key with another body is a client bug, not a replay.
    expect(await pipeline.submitStep({ ...input, prompt: 'something else entirely' })).toEqual({
      ok: false,
      code: 'IDEMPOTENCY_MISMATCH',
    });
  });
});
