import { type StepPlan, stepWorkRect } from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import type { CellIndex, CellRef } from './cell-ref.js';
import { readRegion } from './read-region.js';
import type { WorkingCanvas } from './write-cells.js';

/**
 * The step's working buffer: the union of its tile rects (the old band along the edge plus
 * the new region), read from the cells it touches. The new region has no cells yet, so it
 * starts black; tiles fill it in order.
 */
export async function readWorkingCanvas(
  blobs: BlobStore,
  cells: CellIndex | readonly CellRef[],
  plan: StepPlan,
): Promise<WorkingCanvas> {
  const rect = stepWorkRect(plan);
  return { buffer: await readRegion(blobs, cells, rect), origin: { x: rect.x, y: rect.y } };
}
