import { CELL_PX, type PixelBuffer } from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import { decodeImage, decodeImageRgba } from '../image/codec.js';
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
 * With `rgba`, a level-0 cell is returned with an opaque alpha channel (for the pyramid).
 * A ref whose blob is absent or damaged is corruption, never "empty": it throws.
 */
export async function readCell(
  blobs: BlobStore,
  ref: CellRef,
  options: { rgba?: boolean } = {},
): Promise<PixelBuffer> {
  let bytes: Uint8Array | null;
  try {
    bytes = await blobs.get(ref.blobKey);
  } catch (cause) {
    throw new CellReadError(`cannot read cell blob ${ref.blobKey}`, { cause });
  }
  if (bytes === null) throw new CellReadError(`cell blob ${ref.blobKey} (level ${ref.level}) is missing`);
  const rgba = options.rgba === true || ref.level > 0;
  const buf = rgba ? await decodeImageRgba(bytes) : await decodeImage(bytes);
  if (buf.width !== CELL_PX || buf.height !== CELL_PX) {
    throw new CellReadError(`cell blob ${ref.blobKey} is ${buf.width}×${buf.height}, expected ${CELL_PX}²`);
  }
  return buf;
}
