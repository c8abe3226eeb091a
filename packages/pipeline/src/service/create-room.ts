import { buildStartPrompt, type ImageProvider } from '@exquisite/generator';
import { type PixelBuffer, type Rect, TILE_PX } from '@exquisite/geometry';
import { type BlobStore, createRoom as createRoomRecord, type Db, getBalance } from '@exquisite/store';
import { updatePyramid } from '../canvas/pyramid.js';
import { writeCells } from '../canvas/write-cells.js';
import { classifyError } from '../failure.js';
import { decodeImage } from '../image/codec.js';
import { normalizeStartImage, StartImageError, type StartImageLimits } from '../image/start-image.js';
import { isStarterName, starterImage } from '../image/starter.js';
import type { CreateRoomInput, CreateRoomOutcome } from './pipeline.js';

export interface CreateRoomDeps {
  db: Db;
  blobs: BlobStore;
  generator: ImageProvider;
  tileCost: number;
  startImageLimits: StartImageLimits;
}

/** Every room starts as one 1024² tile at the world origin. */
const START_CANVAS: Rect = { x: 0, y: 0, width: TILE_PX, height: TILE_PX };

/**
 * Creates a room from an uploaded image (cover-cropped to 1024² RGB), a starting prompt
 * (text-to-image; costs one tile, debited with the room's creation) or a built-in starter.
 * The starting cells and their pyramid are stored before the room that references them.
 */
export async function createRoom(deps: CreateRoomDeps, input: CreateRoomInput): Promise<CreateRoomOutcome> {
  const start = await startPixels(deps, input);
  if (!start.ok) return start;
  const working = { buffer: start.pixels, origin: { x: 0, y: 0 } };
  const level0 = await writeCells(deps.blobs, working, START_CANVAS);
  const pyramid = await updatePyramid(deps.blobs, async () => [], level0, {
    before: null,
    after: START_CANVAS,
  });
  const created = await createRoomRecord(deps.db, {
    ownerId: input.ownerId,
    name: input.name,
    mode: input.mode,
    direction: input.mode === 'folded' ? input.direction : null,
    maxTurns: input.maxTurns,
    ...(input.settings ? { settings: input.settings } : {}),
    canvas: START_CANVAS,
    cells: [...level0, ...pyramid],
    startCost: start.cost,
  });
  if (!created.ok) {
    return created.code === 'INSUFFICIENT_CREDITS'
      ? { ok: false, code: 'INSUFFICIENT_CREDITS', message: insufficientMessage(start.cost) }
      : { ok: false, code: 'UNSUPPORTED_IMAGE', message: 'The room owner does not exist.' };
  }
  return { ok: true, roomId: created.room.id };
}

type StartPixels =
  | { ok: true; pixels: PixelBuffer; cost: number }
  | Extract<CreateRoomOutcome, { ok: false }>;

async function startPixels(deps: CreateRoomDeps, input: CreateRoomInput): Promise<StartPixels> {
  const { start } = input;
  switch (start.kind) {
    case 'upload':
      try {
        const image = await normalizeStartImage(start.bytes, deps.startImageLimits);
        return { ok: true, pixels: image.buffer, cost: 0 };
      } catch (error) {
        if (error instanceof StartImageError) return { ok: false, code: error.code, message: error.message };
        throw error;
      }
    case 'starter': {
      const name = start.name ?? 'meadow';
      if (!isStarterName(name))
        return { ok: false, code: 'UNSUPPORTED_IMAGE', message: `No starter named "${name}".` };
      return { ok: true, pixels: starterImage(name), cost: 0 };
    }
    case 'prompt': {
      // Checked before generating so a player without credits does not cost a generation;
      // the debit itself happens atomically with the room's creation.
      const balance = (await getBalance(deps.db, input.ownerId)) ?? 0;
      if (balance < deps.tileCost) {
        return { ok: false, code: 'INSUFFICIENT_CREDITS', message: insufficientMessage(deps.tileCost) };
      }
      try {
        const generated = await deps.generator.create({ prompt: buildStartPrompt(start.prompt).text });
        return { ok: true, pixels: await decodeImage(generated.image), cost: deps.tileCost };
      } catch (error) {
        const failure = classifyError(error);
        return { ok: false, code: 'GENERATOR_FAILED', message: failure.message };
      }
    }
  }
}

function insufficientMessage(cost: number): string {
  return `Starting from a prompt costs ${cost} credit${cost === 1 ? '' : 's'}; your balance is too low.`;
}
