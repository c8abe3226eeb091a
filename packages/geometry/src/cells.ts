import { CELL_PX } from './constants.js';
import { isEmptyRect, type Point, type Rect } from './rect.js';

/** A storage cell's grid position; at level 0 `(cx, cy)` covers world `[cx·512, cx·512+512) × [cy·512, …)`. */
export interface Cell {
  cx: number;
  cy: number;
}

/** An inclusive block of grid cells: every `(cx, cy)` with `minCx ≤ cx ≤ maxCx`, `minCy ≤ cy ≤ maxCy`. */
export interface CellRange {
  minCx: number;
  minCy: number;
  maxCx: number;
  maxCy: number;
}

/** The range of `cellPx`-sided grid cells that `rect` touches, or null for an empty rect. */
export function cellRangeIntersectingGrid(rect: Rect, cellPx: number): CellRange | null {
  if (isEmptyRect(rect)) return null;
  return {
    minCx: Math.floor(rect.x / cellPx),
    minCy: Math.floor(rect.y / cellPx),
    maxCx: Math.floor((rect.x + rect.width - 1) / cellPx),
    maxCy: Math.floor((rect.y + rect.height - 1) / cellPx),
  };
}

/** The range of level-0 storage cells intersecting a world rect, or null for an empty rect. */
export function cellRangeIntersecting(rect: Rect): CellRange | null {
  return cellRangeIntersectingGrid(rect, CELL_PX);
}

/** Cells of a grid of `cellPx`-sided cells that `rect` touches, ordered by cy then cx. */
export function cellsIntersectingGrid(rect: Rect, cellPx: number): Cell[] {
  const range = cellRangeIntersectingGrid(rect, cellPx);
  if (range === null) return [];
  const cells: Cell[] = [];
  for (let cy = range.minCy; cy <= range.maxCy; cy++) {
    for (let cx = range.minCx; cx <= range.maxCx; cx++) cells.push({ cx, cy });
  }
  return cells;
}

/** Level-0 storage cells intersecting a world rect, ordered by cy then cx. */
export function cellsIntersecting(rect: Rect): Array<{ cx: number; cy: number }> {
  return cellsIntersectingGrid(rect, CELL_PX);
}

/** World rect of a level-0 cell. */
export function cellRect(cell: Cell): Rect {
  return { x: cell.cx * CELL_PX, y: cell.cy * CELL_PX, width: CELL_PX, height: CELL_PX };
}

/** The level-0 cell containing world pixel `p`. */
export function cellAt(p: Point): Cell {
  return { cx: Math.floor(p.x / CELL_PX), cy: Math.floor(p.y / CELL_PX) };
}

/** A stable string key for maps and sets: `"cx,cy"`. */
export function cellKey(cell: Cell): string {
  return `${cell.cx},${cell.cy}`;
}

/** Inverse of {@link cellKey}; throws a `RangeError` on a malformed key. */
export function parseCellKey(key: string): Cell {
  const match = /^(-?\d+),(-?\d+)$/.exec(key);
  if (match === null) throw new RangeError(`not a cell key: ${JSON.stringify(key)}`);
  return { cx: Number(match[1]), cy: Number(match[2]) };
}
