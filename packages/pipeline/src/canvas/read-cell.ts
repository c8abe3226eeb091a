import { CELL_PX, type PixelBuffer } from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import { decodeImage, decodeImageRgba } from '../image/codec.js';
import { cellCacheFor } from './cell-cache.js';
import type { CellRef } from './cell-ref.js';

export class CellReadError extends Error {
  override readonly name = 'CellReadError';
  readonly code = 'CELL_UNREADABLE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Reads one stored cell: 512² RGB at level 0, 512² RGBA (alpha 0 outside the canvas) above.
 * With `rgba`, a level-0 cell is returned with an opaque alpha channel. Decoded cells are
 * cached per blob store and shared: treat the result as read-only. `cache: false` reads past
 * the cache without filling it (a whole-canvas export would only evict the steps' working set).
 * A ref whose blob is absent or damaged is corruption, never "empty": it throws.
 */
export async function readCell(
  blobs: BlobStore,
  ref: CellRef,
  options: { rgba?: boolean; cache?: boolean } = {},
): Promise<PixelBuffer> {
  const rgba = options.rgba === true || ref.level > 0;
  const cache = options.cache === false ? null : cellCacheFor(blobs);
  const cached = cache?.get(ref.blobKey, rgba ? 4 : 3);
  if (cached !== undefined) return cached;
  let bytes: Uint8Array | null;
  try {
    bytes = await blobs.get(ref.blobKey);
  } catch (cause) {
    throw new CellReadError(`cannot read cell blob ${ref.blobKey}`, { cause });
  }
  if (bytes === null) throw new CellReadError(`cell blob ${ref.blobKey} (level ${ref.level}) is missing`);
  const buf = rgba ? await decodeImageRgba(bytes) : await decodeImage(bytes);
  if (buf.width !== CELL_PX || buf.height !== CELL_PX) {
    throw new CellReadError(`cell blob ${ref.blobKey} is ${buf.width}×${buf.height}, expected ${CELL_PX}²`);
  }
  cache?.set(ref.blobKey, buf);
  return buf;
}
