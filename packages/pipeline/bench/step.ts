import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockProvider, type ImageProvider } from '@exquisite/generator';
import {
  cellRangeIntersecting,
  createPixelBuffer,
  paste,
  planStep,
  pyramidLevelCount,
  type Rect,
  TILE_PX,
  worldToLocal,
} from '@exquisite/geometry';
import {
  type BlobStore,
  createDatabase,
  createFsBlobStore,
  createRoom,
  createUser,
  type Db,
  getCells,
  getRoom,
  migrate,
} from '@exquisite/store';
import { createTestDatabase, startPostgresServer } from '@exquisite/store/testing';
import sharp from 'sharp';
import { cellBlobKey } from '../src/canvas/cell-ref.js';
import { exportCanvasPng } from '../src/canvas/export-png.js';
import { updatePyramid } from '../src/canvas/pyramid.js';
import { writeCells } from '../src/canvas/write-cells.js';
import { decodeImage, decodeImageRgba } from '../src/image/codec.js';
import { encodePng, encodePngHashed } from '../src/image/png-encode.js';
import { starterImage } from '../src/image/starter.js';
import { createPipeline } from '../src/service/create-pipeline.js';

/**
 * Per-step overhead of the pipeline: everything but the model. PGlite in memory, fs blobs in a
 * temp dir, and a generator that answers instantly with a precomputed 1024² PNG (the mock's
 * output for the first tile, cached). The canvas grows to the right on a 1024-high room, so
 * every step has a 1024 edge (one tile) while the canvas area keeps growing; steps are
 * measured after 10, 100 and 400 steps. Beside it, the naive baseline: decode the whole
 * canvas PNG, paste one tile, re-encode it, as a pipeline without cells would.
 */
export interface StepBenchOptions {
  sizes?: number[];
  /** Steps measured at each size. */
  samples?: number;
  /** Skip the naive baseline at sizes where one round would exceed this (ms, estimated). */
  naiveBudgetMs?: number;
  /**
   * `pglite` (default): the embedded database in memory, in this process. `postgres`: a local
   * PostgreSQL 15 server with its durable defaults (fsync on), reached over loopback.
   */
  engine?: 'pglite' | 'postgres';
  /** Called around the measured steps (after the rooms are built), e.g. to profile just those. */
  aroundSamples?: { before(): Promise<void>; after(): Promise<void> };
}

export interface PhaseSample {
  wallMs: number;
  acceptMs: number;
  readMs: number;
  tilesMs: number;
  writeMs: number;
  cellsMs: number;
  pyramidMs: number;
  commitMs: number;
  prepareMs: number;
  validateMs: number;
  compositeMs: number;
  settleMs: number;
  /**
   * CPU time the whole process spent during the step, every thread counted (event loop, PNG
   * workers, libuv and libvips pools, GC): with PGlite in this process, all of a step's work.
   * Divided by the cores, it is the least wall time the step could take on this machine.
   */
  cpuMs: number;
}

/**
 * A provider answering at once with the same valid 1024² image: the mock's painting of a
 * textured scene, computed once, so cells carry realistic (poorly compressible) content.
 */
export function instantGenerator(): ImageProvider {
  const mock = createMockProvider();
  let cached: Promise<Awaited<ReturnType<ImageProvider['edit']>>> | null = null;
  return {
    name: 'instant',
    model: 'cached-mock-output',
    async edit() {
      cached ??= mock.create({ prompt: 'a dense forest with mossy rocks and a river' });
      return { ...(await cached), provider: 'instant', model: 'cached-mock-output' };
    },
    create: (req) => mock.create(req),
  };
}

let played = 0;

/** The player every bench room belongs to (no credits: the bench's pipelines charge nothing). */
export async function createBenchUser(db: Db, name: string): Promise<string> {
  const created = await createUser(db, {
    email: `${name}@example.test`,
    displayName: name,
    passwordHash: 'x',
    signupCredits: 0,
  });
  if (!created.ok) throw new Error(created.code);
  return created.user.id;
}

/**
 * One measured step to the right on `roomId` with the bench's instant generator: wall time from
 * submit to committed and the phases from the step record. Throws unless the step commits.
 */
export async function benchOneStep(context: {
  db: Db;
  pipeline: ReturnType<typeof createPipeline>;
  userId: string;
  roomId: string;
}): Promise<{ sample: PhaseSample; record: Record<string, unknown> }> {
  const { db, pipeline, userId, roomId } = context;
  const current = (await getRoom(db, roomId))!;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const submitted = await pipeline.submitStep({
    roomId,
    userId,
    direction: 'right',
    prompt: 'the same valley, further east',
    turnNonce: current.turn.nonce,
    idempotencyKey: `bench-${played}`,
  });
  const acceptMs = performance.now() - start;
  if (!submitted.ok) throw new Error(`refused: ${submitted.code}`);
  const outcome = await pipeline.settled(submitted.stepId);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (outcome?.status !== 'committed') throw new Error(`step ${played}: ${JSON.stringify(outcome)}`);
  played++;
  const record = outcome.step.record as {
    timings: {
      readMs: number;
      tilesMs: number;
      writeMs: number;
      cellsMs: number;
      pyramidMs: number;
      settleMs: number;
      totalMs: number;
    };
    tiles: Array<{ timings: Record<string, number> }>;
  };
  const tile = record.tiles[0]!.timings;
  const sample: PhaseSample = {
    wallMs,
    acceptMs,
    readMs: record.timings.readMs,
    tilesMs: record.timings.tilesMs,
    writeMs: record.timings.writeMs,
    cellsMs: record.timings.cellsMs,
    pyramidMs: record.timings.pyramidMs,
    settleMs: record.timings.settleMs,
    // Commit transaction + the gap between accept and the runner starting.
    commitMs: wallMs - acceptMs - record.timings.totalMs,
    prepareMs: tile.prepareMs!,
    validateMs: tile.validateMs!,
    compositeMs: tile.compositeMs!,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  return { sample, record: outcome.step.record as Record<string, unknown> };
}

export async function benchStep(options: StepBenchOptions = {}): Promise<Record<string, unknown>> {
  const sizes = options.sizes ?? [10, 100, 400];
  const samples = options.samples ?? 12;
  const naiveBudgetMs = options.naiveBudgetMs ?? 20_000;
  const root = await mkdtemp(join(tmpdir(), 'exq-bench-step-'));
  const engine = options.engine ?? 'pglite';
  const server = engine === 'postgres' ? await startPostgresServer({ durable: true }) : null;
  const database = await createDatabase(server ? { url: (await createTestDatabase(server)).url } : {});
  await migrate(database);
  const { db } = database;
  const blobs = createFsBlobStore({ root });
  const pipeline = createPipeline({ db, blobs, generator: instantGenerator(), config: { tileCost: 0 } });
  try {
    const userId = await createBenchUser(db, 'bench');
    let lastRecord: StepRecordImages | null = null;
    const step = async (roomId: string): Promise<PhaseSample> => {
      const { sample, record } = await benchOneStep({ db, pipeline, userId, roomId });
      lastRecord = record as unknown as StepRecordImages;
      return sample;
    };

    // One room per size, built by real steps; then the sizes are measured round-robin, one
    // step each in turn, so load from other work on the machine hits every size alike.
    const rooms: Array<{ size: number; roomId: string; buildSeconds: number; measured: PhaseSample[] }> = [];
    for (const size of sizes) {
      const { roomId } = await createWideRoom(db, blobs, userId);
      const buildStart = performance.now();
      for (let i = 0; i < size; i++) await step(roomId);
      rooms.push({ size, roomId, buildSeconds: (performance.now() - buildStart) / 1000, measured: [] });
      console.log(`built ${size} steps in ${Math.round((performance.now() - buildStart) / 1000)} s`);
    }
    await options.aroundSamples?.before();
    for (let i = 0; i < samples; i++) for (const room of rooms) room.measured.push(await step(room.roomId));
    await options.aroundSamples?.after();
    const encodeFloor = lastRecord ? await benchEncodeFloor(blobs, lastRecord) : null;

    const results: Array<Record<string, unknown>> = [];
    for (const { size, roomId, buildSeconds, measured } of rooms) {
      const canvas = (await getRoom(db, roomId))!.canvas;
      const naive = await benchNaive(db, blobs, roomId, canvas, naiveBudgetMs);
      const row = {
        stepsBefore: size,
        canvas: `${canvas.width}×${canvas.height}`,
        canvasMegapixels: round((canvas.width * canvas.height) / 1e6),
        pyramidLevels: pyramidLevelCount(canvas),
        samples,
        medianMs: round(median(measured.map((m) => m.wallMs))),
        p95Ms: round(
          percentile(
            measured.map((m) => m.wallMs),
            0.95,
          ),
        ),
        phasesMedianMs: phaseMedians(measured),
        buildSeconds: round(buildSeconds),
        naive,
      };
      console.log(JSON.stringify(row));
      results.push(row);
    }

    const first = results[0]!;
    const last = results[results.length - 1]!;
    const ratios = {
      [`median ${last.stepsBefore as number}/${first.stepsBefore as number}`]: round(
        (last.medianMs as number) / (first.medianMs as number),
      ),
      naiveOverOurs: Object.fromEntries(
        results.flatMap((r) => {
          const naive = r.naive as { medianMs?: number };
          return naive.medianMs === undefined
            ? []
            : [[`at ${r.stepsBefore as number} steps`, round(naive.medianMs / (r.medianMs as number))]];
        }),
      ),
    };
    return {
      engine,
      what:
        'Per-step overhead (submit → committed) of a 1024-edge step with an instant generator, ' +
        `${engine === 'postgres' ? 'a local PostgreSQL 15 server (durable defaults, loopback)' : 'PGlite in memory'}, ` +
        'fs blobs; naive = decode whole canvas PNG + paste tile + re-encode',
      target: 'median < 100 ms for a 1024-edge step; 400-step median within 1.25× of 10-step median',
      results,
      ratios,
      encodeFloor,
    };
  } finally {
    await pipeline.stop(1000);
    await database.close();
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** What the floor needs from a step record: its cells and its tile artifacts. */
interface StepRecordImages {
  cells: Array<{ level: number; sha256: string }>;
  tiles: Array<{ artifacts: { reference: string; composited: string } | null }>;
}

/**
 * The floor of a step on this machine: only the PNG encodes a step cannot skip — its changed
 * level-0 cells, their pyramid ancestors, the reference (in parallel bands, as the tile
 * encodes it) and the composited tile — of the last measured step's own images, all started at
 * once on the PNG workers, as fast as they can go with nothing else running. Also the two that
 * are links of the step's chain, alone: the reference (the generator waits for it) and the
 * composited tile (one zlib stream, so one core, after the composite).
 */
async function benchEncodeFloor(
  blobs: BlobStore,
  record: StepRecordImages,
): Promise<Record<string, unknown>> {
  const read = async (key: string) => {
    const bytes = await blobs.get(key);
    if (bytes === null) throw new Error(`floor: ${key} is missing`);
    return bytes;
  };
  const cells = await Promise.all(
    record.cells.map(async (c) => {
      const png = await read(cellBlobKey(c.sha256));
      return c.level === 0 ? decodeImage(png) : decodeImageRgba(png);
    }),
  );
  const keys = record.tiles[0]!.artifacts!;
  const reference = await decodeImage(await read(keys.reference));
  const composited = await decodeImage(await read(keys.composited));
  const all = () =>
    Promise.all([
      encodePng(reference, { parallel: true }),
      encodePngHashed(composited),
      ...cells.map((cell) => encodePng(cell)),
    ]);
  const measure = async (run: () => Promise<unknown>) => {
    await run(); // warm the workers
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      const before = process.cpuUsage();
      await run();
      wall.push(performance.now() - start);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    return { wallMedianMs: round(median(wall)), cpuMedianMs: round(median(cpu)) };
  };
  const rawMB = [reference, composited, ...cells].reduce((n, b) => n + b.data.byteLength, 0) / 1e6;
  return {
    what:
      'the PNG encodes one step cannot skip (last measured step: level-0 cells, pyramid cells, ' +
      'reference in parallel bands, composited tile), all at once on the PNG workers, nothing else running',
    images: 2 + cells.length,
    rawMB: round(rawMB),
    all: await measure(all),
    referenceAlone: await measure(() => encodePng(reference, { parallel: true })),
    compositedAlone: await measure(() => encodePngHashed(composited)),
  };
}

/** A room like the pipeline's starter room, but 1 000 000 px wide at most (8192 by default). */
export async function createWideRoom(
  db: Db,
  blobs: BlobStore,
  ownerId: string,
  settings?: Parameters<typeof createRoom>[1]['settings'],
): Promise<{ roomId: string }> {
  const start: Rect = { x: 0, y: 0, width: TILE_PX, height: TILE_PX };
  const level0 = await writeCells(blobs, { buffer: starterImage('meadow'), origin: start }, start);
  const pyramid = await updatePyramid(blobs, async () => [], level0, { before: null, after: start });
  const created = await createRoom(db, {
    ownerId,
    name: 'bench',
    limits: { maxWidth: 1_000_000 },
    ...(settings ? { settings } : {}),
    canvas: start,
    cells: [...level0, ...pyramid],
  });
  if (!created.ok) throw new Error(created.code);
  return { roomId: created.room.id };
}

/**
 * Naive baseline at this canvas: the whole canvas as one PNG (exported once from the cells),
 * then per step decode it, paste a new 1024² tile at the right edge, re-encode it.
 */
async function benchNaive(
  db: Parameters<typeof getCells>[0],
  blobs: Parameters<typeof exportCanvasPng>[2],
  roomId: string,
  canvas: Rect & { version: number },
  budgetMs: number,
): Promise<Record<string, unknown>> {
  // Rough cost model from a 1024² decode+encode, so huge canvases are skipped, not attempted.
  const tile = createPixelBuffer(1024, 1024, 3);
  const estimateStart = performance.now();
  await naiveRound(await encodeRaw(tile), tile, { x: 0, y: 0, width: TILE_PX, height: TILE_PX });
  const perMegapixel = performance.now() - estimateStart;
  const estimateMs = (perMegapixel * canvas.width * canvas.height) / (1024 * 1024);
  const rounds = 3;
  if (estimateMs * rounds > budgetMs) {
    return { skipped: `estimated ${Math.round(estimateMs)} ms a step × ${rounds} exceeds the budget` };
  }
  const cells = await getCells(db, roomId, canvas.version, {
    level: 0,
    range: cellRangeIntersecting(canvas)!,
  });
  const parts: Buffer[] = [];
  for await (const part of exportCanvasPng(canvas, cells, blobs, { compressionLevel: 4 }))
    parts.push(part as Buffer);
  const png = Buffer.concat(parts);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await naiveRound(png, tile, canvas);
    times.push(performance.now() - start);
  }
  return { rounds, medianMs: round(median(times)), pngMB: round(png.byteLength / 1e6) };
}

async function naiveRound(png: Uint8Array, tile: ReturnType<typeof createPixelBuffer>, canvas: Rect) {
  // The product never decodes a whole canvas (its decoder refuses anything beyond a tile's
  // worth of pixels); the baseline has to, so it decodes without that limit.
  const { data, info } = await sharp(png, { limitInputPixels: false })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const whole = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3 as const,
  };
  // Where a right step's tile lands, in the whole canvas's own pixel frame.
  const at = worldToLocal(planStep(canvas, 'right').tiles[0]!.rect, canvas);
  paste(whole, tile, { x: at.x, y: at.y });
  await sharp(whole.data, {
    raw: { width: whole.width, height: whole.height, channels: 3 },
    limitInputPixels: false,
  })
    .png({ compressionLevel: 4, adaptiveFiltering: false, palette: false })
    .toBuffer();
}

async function encodeRaw(buf: ReturnType<typeof createPixelBuffer>): Promise<Buffer> {
  return sharp(buf.data, { raw: { width: buf.width, height: buf.height, channels: 3 } })
    .png({ compressionLevel: 4 })
    .toBuffer();
}

/** Each phase's median over `measured` (ms, rounded), the wall time left out. */
export function phaseMedians(measured: readonly PhaseSample[]): Record<string, number> {
  return Object.fromEntries(
    (Object.keys(measured[0]!) as Array<keyof PhaseSample>)
      .filter((k) => k !== 'wallMs')
      .map((k) => [k, round(median(measured.map((m) => m[k])))]),
  );
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
