import { randomUUID } from 'node:crypto';
import { createPipeline } from '@exquisite/pipeline';
import { getRoom, getStep } from '@exquisite/store';
import { makeUser } from '@exquisite/store/testing';
import { type BenchWorld, identityGenerator, round } from './world.js';

/**
 * Many rooms stepping at once in one process: every room submits a step at the same moment,
 * for several rounds. Throughput in committed steps per second; every refusal or failure is
 * counted. Baseline: the same rooms stepping one at a time (sequential throughput).
 */
export async function benchConcurrentRooms(world: BenchWorld, roomCount: number, rounds: number) {
  const service = createPipeline({ db: world.database.db, blobs: world.blobs, generator: identityGenerator });
  const players = [];
  for (let i = 0; i < roomCount; i++) {
    const owner = await makeUser(world.database.db, { credits: 1_000 });
    const created = await service.createRoom({
      ownerId: owner.id,
      name: `room ${i}`,
      mode: 'open',
      direction: null,
      maxTurns: null,
      start: { kind: 'starter' },
    });
    if (!created.ok) throw new Error(created.code);
    players.push({ userId: owner.id, roomId: created.roomId });
  }

  const stepOnce = async (player: { userId: string; roomId: string }, round: number) => {
    const room = await getRoom(world.database.db, player.roomId);
    const submitted = await service.submitStep({
      ...player,
      direction: round % 2 === 0 ? 'right' : 'down',
      prompt: 'bench',
      turnNonce: room!.turn.nonce,
      idempotencyKey: randomUUID(),
    });
    if (!submitted.ok) return submitted.code;
    await service.settled(submitted.stepId);
    const step = await getStep(world.database.db, submitted.stepId);
    return step?.status === 'committed' ? 'committed' : (step?.error?.code ?? step?.status ?? 'missing');
  };

  const tally = (outcomes: string[]) => {
    const errors: Record<string, number> = {};
    for (const outcome of outcomes) if (outcome !== 'committed') errors[outcome] = (errors[outcome] ?? 0) + 1;
    return { committed: outcomes.filter((o) => o === 'committed').length, errors };
  };

  // Sequential baseline: one step at a time over the same rooms (one round).
  let started = performance.now();
  const sequential: string[] = [];
  for (const player of players) sequential.push(await stepOnce(player, 0));
  const sequentialSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const concurrent: string[] = [];
  for (let r = 1; r <= rounds; r++)
    concurrent.push(...(await Promise.all(players.map((p) => stepOnce(p, r)))));
  const concurrentSeconds = (performance.now() - started) / 1000;
  await service.stop(1_000);

  const seq = tally(sequential);
  const conc = tally(concurrent);
  const sequentialRate = seq.committed / sequentialSeconds;
  return [
    {
      name: 'sequential (baseline)',
      rooms: roomCount,
      steps: sequential.length,
      committed: seq.committed,
      errors: seq.errors,
      seconds: round(sequentialSeconds, 2),
      stepsPerSecond: round(sequentialRate, 2),
    },
    {
      name: `${roomCount} rooms at once × ${rounds} rounds`,
      rooms: roomCount,
      steps: concurrent.length,
      committed: conc.committed,
      errors: conc.errors,
      seconds: round(concurrentSeconds, 2),
      stepsPerSecond: round(conc.committed / concurrentSeconds, 2),
      baseline: 'sequential (baseline)',
      ratioMetrics: ['stepsPerSecond'],
    },
  ];
}
