import {
  bufferWorldRect,
  cellRect,
  cellsIntersecting,
  containsRect,
  crop,
  type PixelBuffer,
  type Point,
  type Rect,
  worldToLocal,
} from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import { encodePng } from '../image/codec.js';
import { sha256Hex } from '../image/hash.js';
import { IO_CONCURRENCY, mapLimit } from '../util/map-limit.js';
import { cellCacheFor } from './cell-cache.js';
import { type CellRef, cellBlobKey } from './cell-ref.js';
import type { PendingWrites } from './pending-writes.js';
import { putPng } from './put-blob.js';

/** A buffer of canvas pixels placed in the world: its top-left pixel sits at `origin`. */
export interface WorkingCanvas {
  buffer: PixelBuffer;
  origin: Point;
}

/**
 * Stores the level-0 cells intersecting `changedRect` (and only those) from the working
 * buffer: crop, hash the raw pixels, encode, put under the content address. A cell whose
 * pixels did not change hashes to the key it already has, so re-putting it is harmless.
 * Every such cell must lie wholly inside the working buffer. With `pending`, the refs come
 * back as soon as the cells are hashed and the encodes and puts are left to `pending`.
 */
export async function writeCells(
  blobs: BlobStore,
  working: WorkingCanvas,
  changedRect: Rect,
  pending?: PendingWrites,
): Promise<CellRef[]> {
  if (working.buffer.channels !== 3)
    throw new RangeError('level-0 cells are RGB; working buffer must be RGB');
  const bounds = bufferWorldRect(working.buffer, working.origin);
  const cells = cellsIntersecting(changedRect);
  for (const cell of cells) {
    if (!containsRect(bounds, cellRect(cell))) {
      throw new RangeError(`cell (${cell.cx},${cell.cy}) is not wholly inside the working buffer`);
    }
  }
  return mapLimit(cells, IO_CONCURRENCY, async (cell) => {
    const pixels = crop(working.buffer, worldToLocal(cellRect(cell), working.origin));
    return storeCellPixels(blobs, pixels, 0, cell.cx, cell.cy, pending);
  });
}

/**
 * Hashes, encodes and puts one cell image (any level), returning its ref — once the put is
 * done, or at once when the write is handed to `pending`. The decoded pixels are cached under
 * their content address straight away: nothing can reference that address before a commit,
 * and a commit comes only after its own puts succeeded.
 */
export async function storeCellPixels(
  blobs: BlobStore,
  pixels: PixelBuffer,
  level: number,
  cx: number,
  cy: number,
  pending?: PendingWrites,
): Promise<CellRef> {
  // Hashed here, not on the worker threads: the pyramid above needs the address at once, and
  // a digest queued behind the step's PNG encodes would hold it up.
  const sha256 = sha256Hex(pixels.data);
  const blobKey = cellBlobKey(sha256);
  cellCacheFor(blobs).set(blobKey, pixels);
  const write = encodePng(pixels).then((png) => putPng(blobs, blobKey, png));
  if (pending) pending.track(write);
  else await write;
  return { level, cx, cy, blobKey, sha256 };
}
