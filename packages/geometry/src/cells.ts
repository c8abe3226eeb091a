import { CELL_PX } from './constants.js';
import { isEmptyRect, type Point, type Rect } from './rect.js';

/** A storage cell's grid position; at level 0 `(cx, cy)` covers world `[cx·512, cx·512+512) × [cy·512, …)`. */
export interface Cell {
  cx: number;
  cy: number;
}

/** Cells of a grid of `cellPx`-sided cells that `rect` touches, ordered by cy then cx. */
export function cellsIntersectingGrid(rect: Rect, cellPx: number): Cell[] {
  if (isEmptyRect(rect)) return [];
  const cx0 = Math.floor(rect.x / cellPx);
  const cy0 = Math.floor(rect.y / cellPx);
  const cx1 = Math.floor((rect.x + rect.width - 1) / cellPx);
  const cy1 = Math.floor((rect.y + rect.height - 1) / cellPx);
  const cells: Cell[] = [];
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) cells.push({ cx, cy });
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
