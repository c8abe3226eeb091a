import { type Cell, cellKey, cellsIntersectingGrid } from './cells.js';
import { CELL_PX } from './constants.js';
import type { Point, Rect } from './rect.js';

/** A cell of the viewing pyramid: level 0 is full resolution, level k covers 512·2^k world px. */
export interface LevelCell extends Cell {
  level: number;
}

/**
 * Deepest level considered. 2^40·512 px is far beyond any canvas a room limit allows;
 * the bound only stops a malformed canvas from looping forever.
 */
const MAX_LEVEL = 40;

function assertLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw new RangeError(`level must be an integer within 0…${MAX_LEVEL}, got ${String(level)}`);
  }
}

/** World pixels covered by one side of a level-`level` cell (its image is always 512 px). */
export function cellWorldPx(level: number): number {
  assertLevel(level);
  return CELL_PX * 2 ** level;
}

/** World rect of a pyramid cell. */
export function levelCellRect(cell: LevelCell): Rect {
  const side = cellWorldPx(cell.level);
  return { x: cell.cx * side, y: cell.cy * side, width: side, height: side };
}

/** Cells of level `level` intersecting a world rect, ordered by cy then cx. */
export function cellsIntersectingAtLevel(rect: Rect, level: number): Cell[] {
  return cellsIntersectingGrid(rect, cellWorldPx(level));
}

/** The first level whose grid covers `canvas` with at most 2×2 cells. */
export function pyramidTopLevel(canvas: Rect): number {
  for (let level = 0; level <= MAX_LEVEL; level++) {
    const side = cellWorldPx(level);
    const columns = Math.floor((canvas.x + canvas.width - 1) / side) - Math.floor(canvas.x / side) + 1;
    const rows = Math.floor((canvas.y + canvas.height - 1) / side) - Math.floor(canvas.y / side) + 1;
    if (columns <= 2 && rows <= 2) return level;
  }
  throw new RangeError(`canvas too large for a pyramid of ${MAX_LEVEL + 1} levels`);
}

/** Number of pyramid levels of a canvas (levels 0…top). */
export function pyramidLevelCount(canvas: Rect): number {
  return pyramidTopLevel(canvas) + 1;
}

/** The cell one level up that contains `cell`. */
export function parentCell(cell: Cell): Cell {
  return { cx: Math.floor(cell.cx / 2), cy: Math.floor(cell.cy / 2) };
}

/** The four cells one level down that make up `cell`, ordered by cy then cx. */
export function childCells(cell: Cell): Cell[] {
  const cx = cell.cx * 2;
  const cy = cell.cy * 2;
  return [
    { cx, cy },
    { cx: cx + 1, cy },
    { cx, cy: cy + 1 },
    { cx: cx + 1, cy: cy + 1 },
  ];
}

/**
 * Where a child's 512² image goes inside the 1024² mosaic of its parent's four children
 * (which is then downsampled 2× into the parent's image).
 */
export function childOffset(child: Cell): Point {
  const mod2 = (n: number) => ((n % 2) + 2) % 2;
  return { x: mod2(child.cx) * CELL_PX, y: mod2(child.cy) * CELL_PX };
}

/**
 * Every pyramid cell above the given level-0 cells up to `topLevel`, deduplicated and
 * ordered bottom-up (by level, then cy, then cx) — the order they must be rebuilt in,
 * since each is made from its children.
 */
export function ancestorsOf(cells: readonly Cell[], topLevel: number): LevelCell[] {
  assertLevel(topLevel);
  const out: LevelCell[] = [];
  let current: Cell[] = [...cells];
  for (let level = 1; level <= topLevel; level++) {
    const seen = new Map<string, Cell>();
    for (const cell of current) {
      const parent = parentCell(cell);
      seen.set(cellKey(parent), parent);
    }
    current = [...seen.values()].sort((a, b) => a.cy - b.cy || a.cx - b.cx);
    for (const cell of current) out.push({ level, cx: cell.cx, cy: cell.cy });
  }
  return out;
}
