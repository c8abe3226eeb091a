import { randomUUID } from 'node:crypto';
import { createMockProvider, type ImageProvider } from '@exquisite/generator';
import { createPipeline, type PipelineHandle } from '@exquisite/pipeline';
import {
  type BlobStore,
  createDatabase,
  createFsBlobStore,
  type Database,
  expireLeases,
  getRoom,
  getStep,
  joinRoom,
  listRunningSteps,
  migrate,
  type Step,
} from '@exquisite/store';
import { createTestDatabase, makeUser } from '@exquisite/store/testing';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type AuditReport, auditInvariants } from '../audit/invariants.js';
import { tempDir } from '../testing/world.js';

/**
 * A fresh database on the run's real PostgreSQL server, an fs blob store in a temp dir, and
 * helpers to drive steps. Short leases so lost steps are recovered within seconds.
 */
export interface ReliabilityWorld {
  url: string;
  database: Database;
  blobs: BlobStore;
  blobRoot: string;
  pipeline(options?: {
    generator?: ImageProvider;
    blobs?: BlobStore;
    db?: Database['db'];
    leaseSeconds?: number;
  }): PipelineHandle;
  close(): Promise<void>;
}

export const LEASE_SECONDS = 2;

export async function openReliabilityWorld(): Promise<ReliabilityWorld> {
  const { url } = await createTestDatabase({ url: inject('exqPostgresUrl') });
  const database = await createDatabase({ url, maxConnections: 4 });
  await migrate(database);
  const dir = await tempDir('exq-reliability-');
  const blobs = createFsBlobStore({ root: dir.path });
  const handles: PipelineHandle[] = [];
  return {
    url,
    database,
    blobs,
    blobRoot: dir.path,
    pipeline(options = {}) {
      const handle = createPipeline({
        db: options.db ?? database.db,
        blobs: options.blobs ?? blobs,
        generator: options.generator ?? createMockProvider(),
        config: { leaseSeconds: options.leaseSeconds ?? LEASE_SECONDS, sweepIntervalMs: 500 },
      });
      handles.push(handle);
      return handle;
    },
    async close() {
      for (const handle of handles) await handle.stop(5_000);
      await database.close();
      await dir.remove();
    },
  };
}

/** A room with `players` members (the owner first), created through the pipeline from a starter. */
export async function makePlayedRoom(world: ReliabilityWorld, players: number, credits = 100) {
  const users = [];
  for (let i = 0; i < players; i++) users.push(await makeUser(world.database.db, { credits }));
  const created = await world.pipeline().createRoom({
    ownerId: users[0]!.id,
    name: 'reliability',
    mode: 'open',
    direction: null,
    maxTurns: null,
    start: { kind: 'starter' },
  });
  if (!created.ok) throw new Error(`createRoom: ${created.code}`);
  const room = await getRoom(world.database.db, created.roomId);
  for (const user of users.slice(1)) {
    const joined = await joinRoom(world.database.db, { inviteCode: room!.inviteCode, userId: user.id });
    if (!joined.ok) throw new Error(`join: ${joined.code}`);
  }
  return { roomId: created.roomId, users };
}

/** Submits a step for whoever's turn it is. */
export async function submitForCurrentPlayer(
  world: ReliabilityWorld,
  pipeline: PipelineHandle,
  room: { roomId: string; users: Array<{ id: string }> },
  options: { direction?: 'right' | 'down' | 'left' | 'up'; idempotencyKey?: string } = {},
) {
  const current = await observe(() => getRoom(world.database.db, room.roomId));
  const seat = current!.turn.seat ?? 0;
  const player = room.users[seat]!;
  return pipeline.submitStep({
    roomId: room.roomId,
    userId: player.id,
    direction: options.direction ?? 'right',
    prompt: 'reliability',
    turnNonce: current!.turn.nonce,
    idempotencyKey: options.idempotencyKey ?? randomUUID(),
  });
}

/**
 * How a cut connection reaches a reader: postgres.js's own codes (`CONNECTION_CLOSED`, …), the
 * socket's (`ECONNRESET` when the cut lands mid-read, `EPIPE` mid-write), or the server's
 * termination notice (SQLSTATE 57P01 admin_shutdown, class 08 connection exceptions).
 */
function isConnectionLoss(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code.startsWith('CONNECTION') || code.startsWith('08') || code.startsWith('57P')) return true;
      if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNREFUSED') return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The suites cut every connection to the database on purpose, the observer's too: its reads
 * retry a connection that was closed under them (the pool reconnects).
 */
export async function observe<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 5 || !isConnectionLoss(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Waits until the step leaves `running` (the local runner, or lease recovery sweeping). */
export async function settle(world: ReliabilityWorld, stepId: string, timeoutMs = 30_000): Promise<Step> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const step = await observe(() => getStep(world.database.db, stepId));
    if (step && step.status !== 'running') return step;
    if (Date.now() > deadline) throw new Error(`step ${stepId} still running after ${timeoutMs} ms`);
    await observe(() => expireLeases(world.database.db));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sweeps until no step runs (every lost lease recovered), then audits everything. */
export async function settleAllAndAudit(world: ReliabilityWorld): Promise<AuditReport> {
  const deadline = Date.now() + (LEASE_SECONDS + 10) * 1000;
  while ((await observe(() => listRunningSteps(world.database.db))).length > 0) {
    if (Date.now() > deadline) break;
    await observe(() => expireLeases(world.database.db));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return observe(() => auditInvariants(world.database.db, world.blobs, { expectIdle: true }));
}

/** Cuts every other connection to the test database, as a network drop or a Postgres restart would. */
export async function dropConnections(url: string): Promise<number> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`
      select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    return rows.filter((r) => r.killed).length;
  } finally {
    await admin.end();
  }
}
