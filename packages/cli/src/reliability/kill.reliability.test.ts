import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRoom, getStep, getUser, listRunningSteps } from '@exquisite/store';
import { ledgerSum } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makePlayedRoom,
  openReliabilityWorld,
  type ReliabilityWorld,
  settle,
  settleAllAndAudit,
  submitForCurrentPlayer,
} from './harness.js';

// tsx's loader in this very process: `tsx file.ts` would run the script in a grandchild that
// a SIGKILL of the child does not reach.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Starts the worker; resolves with the step id once its generator is busy. */
function startWorker(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; stepId: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, worker], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const id = /STEP (\S+)/.exec(out)?.[1];
      if (id && out.includes('GENERATING')) resolve({ child, stepId: id, output: () => out });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before generating: ${err}`)));
  });
}

describe('SIGKILL during generation', () => {
  let world: ReliabilityWorld;
  beforeAll(async () => {
    world = await openReliabilityWorld();
  });
  afterAll(() => world.close());

  it('a process killed mid-step loses its lease; recovery aborts and refunds; the room plays on', async () => {
    const room = await makePlayedRoom(world, 2, 30);
    const player = room.users[0]!;
    const before = (await getUser(world.database.db, player.id))!.credits;
    const { child, stepId } = await startWorker({
      DATABASE_URL: world.url,
      BLOB_ROOT: world.blobRoot,
      ROOM_ID: room.roomId,
      USER_ID: player.id,
      IDEMPOTENCY_KEY: randomUUID(),
    });
    expect((await listRunningSteps(world.database.db)).map((s) => s.id)).toContain(stepId);
    expect((await getUser(world.database.db, player.id))!.credits).toBeLessThan(before);

    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const step = await settle(world, stepId, 20_000);
    expect(step.status).toBe('aborted');
    expect(step.error?.code).toBe('LEASE_EXPIRED');
    expect((await getUser(world.database.db, player.id))!.credits).toBe(before);
    expect(await ledgerSum(world.database.db, player.id)).toBe(before);

    // The turn did not move; the same player steps again and commits.
    expect((await getRoom(world.database.db, room.roomId))!.turn.seat).toBe(0);
    const again = await submitForCurrentPlayer(world, world.pipeline(), room);
    if (!again.ok) throw new Error(again.code);
    expect((await settle(world, again.stepId)).status).toBe('committed');
  });

  it('a process paused mid-step (GC pause, partition) resumes after recovery: its late commit is fenced', async () => {
    const room = await makePlayedRoom(world, 1, 30);
    const player = room.users[0]!;
    const before = (await getUser(world.database.db, player.id))!.credits;
    const { child, stepId, output } = await startWorker({
      DATABASE_URL: world.url,
      BLOB_ROOT: world.blobRoot,
      ROOM_ID: room.roomId,
      USER_ID: player.id,
      IDEMPOTENCY_KEY: randomUUID(),
      GENERATE_DELAY_MS: '1500',
    });
    child.kill('SIGSTOP');
    const step = await settle(world, stepId, 20_000);
    expect(step.status).toBe('aborted');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    await exited;
    expect(output()).toMatch(/OUTCOME fenced/);
    const after = await getStep(world.database.db, stepId);
    expect(after?.status).toBe('aborted');
    expect((await getUser(world.database.db, player.id))!.credits).toBe(before);
    expect((await getRoom(world.database.db, room.roomId))!.canvas.version).toBe(0);
  });

  it('afterwards the database and blob store pass the invariant audit', async () => {
    const report = await settleAllAndAudit(world);
    expect(report.violations).toEqual([]);
  });
});
