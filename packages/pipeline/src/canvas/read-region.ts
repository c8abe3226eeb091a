import {
  cellRect,
  cellsIntersecting,
  createPixelBuffer,
  type PixelBuffer,
  paste,
  type Rect,
  worldToLocal,
} from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import { IO_CONCURRENCY, mapLimit } from '../util/map-limit.js';
import { type CellIndex, type CellRef, toCellIndex } from './cell-ref.js';
import { readCell } from './read-cell.js';

export interface ReadRegionOptions {
  /**
   * Pyramid level, default 0. At level k, `rect` is in that level's own pixel frame
   * (world ÷ 2^k), where cells are again a 512-px grid.
   */
  level?: number;
  /** Default true; false reads past the decoded-cell cache without filling it. */
  cache?: boolean;
}

/**
 * The pixels of `rect` assembled from stored cells. Only the cells intersecting `rect` are
 * read, so the cost follows the rect, never the canvas. Cells with no ref are empty:
 * black at level 0 (RGB), transparent at pyramid levels (RGBA).
 */
export async function readRegion(
  blobs: BlobStore,
  cells: CellIndex | readonly CellRef[],
  rect: Rect,
  options: ReadRegionOptions = {},
): Promise<PixelBuffer> {
  const level = options.level ?? 0;
  const index = toCellIndex(cells, level);
  const out = createPixelBuffer(rect.width, rect.height, level === 0 ? 3 : 4);
  const present = cellsIntersecting(rect).flatMap((cell) => {
    const ref = index.get(cell);
    return ref === undefined ? [] : [{ cell, ref }];
  });
  await mapLimit(present, IO_CONCURRENCY, async ({ cell, ref }) => {
    const pixels = await readCell(blobs, ref, { cache: options.cache !== false });
    const at = worldToLocal(cellRect(cell), rect);
    paste(out, pixels, { x: at.x, y: at.y });
  });
  return out;
}
