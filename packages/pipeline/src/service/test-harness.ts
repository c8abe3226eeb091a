import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createMockProvider, type ImageProvider } from '@exquisite/generator';
import type { Direction, PixelBuffer, Rect } from '@exquisite/geometry';
import {
  type BlobStore,
  createFsBlobStore,
  type Db,
  getCells,
  getRoom,
  joinRoom,
  type LedgerEntry,
  listLedger,
  type Room,
  type User,
} from '@exquisite/store';
import { makeUser } from '@exquisite/store/testing';
import { afterAll, beforeAll } from 'vitest';
import { readRegion } from '../canvas/read-region.js';
import { decodeImage } from '../image/codec.js';
import type { ColorTransfer } from '../tile/seam.js';
import { createPipeline, type PipelineDeps, type PipelineHandle } from './create-pipeline.js';
import type { PipelineEvent, SubmitStepInput } from './pipeline.js';
import type { StepRunOutcome } from './run-step.js';

/**
 * Shared set-up of the service suites (not a test file): a real database from the store's
 * `forEachEngine`, an fs blob store in a temp dir, the real mock generator, and small readers
 * that go through the same store/canvas functions the pipeline uses.
 */

/** An fs blob store under a fresh temp dir; `remove()` deletes it. */
export async function tempBlobStore(): Promise<{ blobs: BlobStore; root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'exq-pipeline-blobs-'));
  return {
    blobs: createFsBlobStore({ root }),
    root,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * Inside a suite: an fs blob store made before its tests and deleted after them. The returned
 * function reaches it from a test or a later hook.
 */
export function useTempBlobStore(): () => BlobStore {
  let store: Awaited<ReturnType<typeof tempBlobStore>> | undefined;
  beforeAll(async () => {
    store = await tempBlobStore();
  });
  afterAll(() => store?.remove());
  return () => {
    if (!store) throw new Error('useTempBlobStore: the blob store is made in beforeAll');
    return store.blobs;
  };
}

/** Counts `edit` calls and can be swapped for another provider, e.g. per test. */
export class CountingGenerator implements ImageProvider {
  readonly name: string;
  readonly model: string;
  edits = 0;
  creates = 0;
  constructor(public inner: ImageProvider = createMockProvider({ failures: true })) {
    this.name = inner.name;
    this.model = inner.model;
  }
  edit(req: Parameters<ImageProvider['edit']>[0]) {
    this.edits++;
    return this.inner.edit(req);
  }
  create(req: Parameters<ImageProvider['create']>[0]) {
    this.creates++;
    return this.inner.create(req);
  }
}

export interface World {
  db: Db;
  blobs: BlobStore;
  generator: CountingGenerator;
  pipeline: PipelineHandle;
  events: PipelineEvent[];
}

export function makeWorld(
  db: Db,
  blobs: BlobStore,
  options: { generator?: ImageProvider; config?: PipelineDeps['config'] } = {},
): World {
  const generator = new CountingGenerator(options.generator);
  const events: PipelineEvent[] = [];
  const pipeline = createPipeline({
    db,
    blobs,
    generator,
    ...(options.config ? { config: options.config } : {}),
    onEvent: (e) => events.push(e),
  });
  return { db, blobs, generator, pipeline, events };
}

/** Two players (owner first) in a fresh open room started from the built-in starter. */
export async function makeTable(
  world: World,
  options: {
    credits?: number;
    mode?: 'open' | 'folded';
    direction?: Direction | null;
    /** Absent = the default room's transfer (hybrid). */
    colorTransfer?: ColorTransfer;
  } = {},
): Promise<{ room: Room; owner: User; guest: User }> {
  const owner = await makeUser(world.db, { credits: options.credits ?? 200 });
  const guest = await makeUser(world.db, { credits: options.credits ?? 200 });
  const created = await world.pipeline.createRoom({
    ownerId: owner.id,
    name: 'Table',
    mode: options.mode ?? 'open',
    direction: options.direction ?? null,
    maxTurns: null,
    start: { kind: 'starter' },
    ...(options.colorTransfer ? { settings: { colorTransfer: options.colorTransfer } } : {}),
  });
  if (!created.ok) throw new Error(`createRoom: ${created.code}`);
  const room = await getRoom(world.db, created.roomId);
  const joined = await joinRoom(world.db, { inviteCode: room!.inviteCode, userId: guest.id });
  if (!joined.ok) throw new Error(`joinRoom: ${joined.code}`);
  return { room: joined.room, owner, guest };
}

export async function mustGetRoom(db: Db, roomId: string): Promise<Room> {
  const room = await getRoom(db, roomId);
  if (!room) throw new Error(`room ${roomId} vanished`);
  return room;
}

let keys = 0;

/** A submission for whoever holds the turn right now, with the current turn nonce. */
export async function turnSubmission(
  db: Db,
  roomId: string,
  direction: Direction,
  prompt = 'a winding river through pine hills',
): Promise<SubmitStepInput> {
  const room = await mustGetRoom(db, roomId);
  keys += 1;
  return {
    roomId,
    userId: room.turn.userId!,
    direction,
    prompt,
    turnNonce: room.turn.nonce,
    idempotencyKey: `key-${keys}-${Date.now()}`,
  };
}

/** Submits and waits for the local run to settle. */
export async function submitAndSettle(
  pipeline: PipelineHandle,
  input: SubmitStepInput,
): Promise<{ stepId: string; outcome: StepRunOutcome }> {
  const submitted = await pipeline.submitStep(input);
  if (!submitted.ok) throw new Error(`submitStep refused: ${submitted.code}`);
  const running = pipeline.settled(submitted.stepId);
  if (!running) throw new Error('the step is not running in this pipeline');
  return { stepId: submitted.stepId, outcome: await running };
}

/** Pixels of `rect` in a committed version, assembled from that version's level-0 cells. */
export async function versionPixels(
  db: Db,
  blobs: BlobStore,
  roomId: string,
  version: number,
  rect: Rect,
): Promise<PixelBuffer> {
  const cells = await getCells(db, roomId, version, { level: 0 });
  return readRegion(blobs, cells, rect);
}

export async function streamBytes(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

export async function decodePngStream(stream: Readable): Promise<PixelBuffer> {
  return decodeImage(await streamBytes(stream));
}

/** The user's ledger entries that concern one step. */
export async function stepLedger(db: Db, userId: string, stepId: string): Promise<LedgerEntry[]> {
  return (await listLedger(db, userId, { limit: 1000 })).filter((e) => e.stepId === stepId);
}

export function samePixels(a: PixelBuffer, b: PixelBuffer): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.channels === b.channels &&
    Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(
      Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength),
    )
  );
}
