import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageProvider } from '@exquisite/generator';
import { CELL_PX, type PixelBuffer, type Rect } from '@exquisite/geometry';
import { type CellRef, storeCellPixels, updatePyramid } from '@exquisite/pipeline';
import {
  type BlobStore,
  createDatabase,
  createFsBlobStore,
  createRoom,
  type Database,
  migrate,
  type User,
} from '@exquisite/store';

/** Shared set-up of the operations benches: in-memory PGlite, fs blobs in a temp dir. */
export interface BenchWorld {
  database: Database;
  blobs: BlobStore;
  dir: string;
  close(): Promise<void>;
}

export async function openBenchWorld(): Promise<BenchWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'exq-bench-'));
  const database = await createDatabase({});
  await migrate(database);
  return {
    database,
    blobs: createFsBlobStore({ root: join(dir, 'blobs') }),
    dir,
    close: async () => {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Textured cell pixels (PNG-compressible like real content, not flat). */
export function texturedCell(seed: number): PixelBuffer {
  const data = new Uint8Array(CELL_PX * CELL_PX * 3);
  for (let y = 0; y < CELL_PX; y++) {
    for (let x = 0; x < CELL_PX; x++) {
      const i = (y * CELL_PX + x) * 3;
      data[i] = (x + seed * 17) & 255;
      data[i + 1] = (y * 2 + seed) & 255;
      data[i + 2] = ((x ^ y) + seed * 5) & 255;
    }
  }
  return { data, width: CELL_PX, height: CELL_PX, channels: 3 };
}

/**
 * A room whose version-0 canvas is `canvas`, every level-0 cell the same shared blob (so a
 * 100-megapixel canvas costs one cell of storage). With `pyramid`, the pyramid is built too.
 */
export async function roomFromSharedCells(
  world: BenchWorld,
  owner: User,
  canvas: Rect,
  options: { pyramid: boolean; maxSide?: number },
): Promise<string> {
  const cols = canvas.width / CELL_PX;
  const rows = canvas.height / CELL_PX;
  const shared = await storeCellPixels(world.blobs, texturedCell(1), 0, 0, 0);
  const level0: CellRef[] = [];
  for (let cy = 0; cy < rows; cy++) for (let cx = 0; cx < cols; cx++) level0.push({ ...shared, cx, cy });
  const pyramid = options.pyramid
    ? await updatePyramid(world.blobs, async () => [], level0, { before: null, after: canvas })
    : [];
  const max = options.maxSide ?? 65_536;
  const created = await createRoom(world.database.db, {
    ownerId: owner.id,
    name: `bench ${canvas.width}×${canvas.height}`,
    canvas,
    cells: [...level0, ...pyramid],
    limits: { maxWidth: max, maxHeight: max },
  });
  if (!created.ok) throw new Error(`createRoom: ${created.code}`);
  return created.room.id;
}

/**
 * Returns the reference image as the edit: no model time, so what is measured is the
 * pipeline's own work (plan, reads, masks, validation, composite, writes, commit).
 */
export const identityGenerator: ImageProvider = {
  name: 'bench',
  model: 'identity',
  edit: async (req) => ({
    image: req.image,
    provider: 'bench',
    model: 'identity',
    requestId: null,
    usage: null,
    attempts: 1,
  }),
  create: () => Promise.reject(new Error('not used')),
};

export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));
