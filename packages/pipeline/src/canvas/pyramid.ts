import {
  CELL_PX,
  type Cell,
  cellKey,
  cellsIntersectingAtLevel,
  childCells,
  childOffset,
  clonePixelBuffer,
  createPixelBuffer,
  downsample2xInto,
  type PixelBuffer,
  parentCell,
  pyramidTopLevel,
  type Rect,
} from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import { IO_CONCURRENCY, mapLimit } from '../util/map-limit.js';
import { CellIndex, type CellRef } from './cell-ref.js';
import { PendingWrites } from './pending-writes.js';
import { readCell } from './read-cell.js';
import { storeCellPixels } from './write-cells.js';

/**
 * Refs of the previous version's cells at `level` for the given positions (absent ones are
 * simply left out). Backed by the store: "newest row with version ≤ v" per cell.
 */
export type LoadCellRefs = (level: number, cells: readonly Cell[]) => Promise<CellRef[]>;

export interface PyramidCanvas {
  /** Canvas before the change; `null` when there is no previous pyramid (build from level 0). */
  before: Rect | null;
  /** Canvas after the change. */
  after: Rect;
}

/**
 * Rebuilds the pyramid cells above the changed level-0 cells and returns their refs
 * (levels ≥ 1, bottom-up). A parent is its four children mosaicked into 1024² RGBA and
 * downsampled 2×; a child that does not exist (outside the canvas) is transparent, so
 * pyramid cells carry alpha 0 wherever they reach beyond the canvas.
 *
 * Rebuilt per level: the parents of what changed one level down, plus — for levels that
 * did not exist before because the canvas just outgrew the old top level — every cell of
 * that level (at most a handful). That keeps the work proportional to the edge of the
 * step plus the pyramid height, never to the canvas area.
 */
export async function updatePyramid(
  blobs: BlobStore,
  loadCellRefs: LoadCellRefs,
  changedCells: readonly CellRef[],
  canvas: PyramidCanvas,
  pending?: PendingWrites,
): Promise<CellRef[]> {
  const topLevel = pyramidTopLevel(canvas.after);
  const previousTop = canvas.before === null ? 0 : pyramidTopLevel(canvas.before);

  // Which cells each level rebuilds: the parents of what the level below rebuilds, plus every
  // cell of a level the old canvas did not have. Known up front, so the previous version's
  // refs of all levels are loaded at once instead of one round trip per level.
  const levels: Array<{ level: number; parents: Cell[]; newLevel: boolean }> = [];
  let below: readonly Cell[] = changedCells;
  for (let level = 1; level <= topLevel; level++) {
    const targets = new Map<string, Cell>();
    for (const child of below) {
      const parent = parentCell(child);
      targets.set(cellKey(parent), parent);
    }
    const newLevel = canvas.before === null || level > previousTop;
    if (newLevel) {
      for (const cell of cellsIntersectingAtLevel(canvas.after, level)) targets.set(cellKey(cell), cell);
    }
    const parents = [...targets.values()].sort((a, b) => a.cy - b.cy || a.cx - b.cx);
    levels.push({ level, parents, newLevel });
    below = parents;
  }
  const previousRefs = await Promise.all(
    levels.map(({ level, parents, newLevel }) => (newLevel ? [] : loadCellRefs(level, parents))),
  );

  let fresh = new CellIndex(0, changedCells);
  // RGBA pixels of this run's fresh cells one level down, so they are not decoded again.
  let freshPixels = new Map<string, PixelBuffer>();
  const written: CellRef[] = [];
  // Encodes and puts run behind the next level's work: with `pending` the caller settles them
  // (together with its other writes), otherwise they are awaited before returning.
  const writes = pending ?? new PendingWrites();

  for (const [i, { level, parents }] of levels.entries()) {
    const previous = new CellIndex(level, previousRefs[i]);

    // A child's quarter of its parent: the child downsampled 2× straight into it (level-0
    // cells are RGB and opaque; the parent is RGBA).
    const halveInto = async (parentPixels: PixelBuffer, child: Cell, ref: CellRef): Promise<void> => {
      const pixels = freshPixels.get(cellKey(child)) ?? (await readCell(blobs, ref));
      downsample2xInto(parentPixels, pixels, halfOffset(childOffset(child)));
    };

    // A parent that existed keeps its pixels where its children did not change: a 2× box
    // downsample never mixes two children, so only the fresh children's quadrants are redone.
    // New parents (a new level, or a cell the old canvas did not reach) are built whole, from
    // transparent: a child that does not exist lies outside the canvas.
    const stale = parents.filter((parent) => previous.get(parent) === undefined);
    const children = await childRefs(loadCellRefs, level - 1, stale, fresh);
    const built = await mapLimit(parents, IO_CONCURRENCY, async (parent) => {
      const old = previous.get(parent);
      // Cached cells are shared, so an existing parent is painted in a copy.
      const pixels =
        old === undefined
          ? createPixelBuffer(CELL_PX, CELL_PX, 4)
          : clonePixelBuffer(await readCell(blobs, old));
      const sources = old === undefined ? children : fresh;
      for (const child of childCells(parent)) {
        const ref = sources.get(child);
        if (ref === undefined) continue;
        await halveInto(pixels, child, ref);
      }
      const ref = await storeCellPixels(blobs, pixels, level, parent.cx, parent.cy, writes);
      return { pixels, ref };
    });
    written.push(...built.map((b) => b.ref));
    fresh = new CellIndex(
      level,
      built.map((b) => b.ref),
    );
    freshPixels = new Map(built.map((b) => [cellKey(b.ref), b.pixels]));
  }
  if (!pending) await writes.settle();
  return written;
}

/** Where a child's quadrant sits in its parent: its mosaic offset, downsampled like the mosaic. */
function halfOffset(offset: { x: number; y: number }): { x: number; y: number } {
  return { x: offset.x / 2, y: offset.y / 2 };
}

/** Refs of all children of `parents` at `level`: this run's fresh cells first, the rest loaded. */
async function childRefs(
  loadCellRefs: LoadCellRefs,
  level: number,
  parents: readonly Cell[],
  fresh: CellIndex,
): Promise<CellIndex> {
  const index = new CellIndex(level, fresh.values());
  const missing = parents.flatMap((parent) =>
    childCells(parent).filter((child) => fresh.get(child) === undefined),
  );
  if (missing.length > 0) {
    for (const ref of await loadCellRefs(level, missing)) {
      if (ref.level !== level)
        throw new RangeError(`loadCellRefs(${level}) returned a level-${ref.level} ref`);
      if (index.get(ref) === undefined) index.set(ref);
    }
  }
  return index;
}
