/** An axis-aligned rectangle of integer pixels: covers `[x, x+width) × [y, y+height)`. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point in pixels (also used as a buffer-local or world origin). */
export interface Point {
  x: number;
  y: number;
}

export function rect(x: number, y: number, width: number, height: number): Rect {
  return { x, y, width, height };
}

/** Exclusive right edge. */
export function rectRight(r: Rect): number {
  return r.x + r.width;
}

/** Exclusive bottom edge. */
export function rectBottom(r: Rect): number {
  return r.y + r.height;
}

export function rectArea(r: Rect): number {
  return isEmptyRect(r) ? 0 : r.width * r.height;
}

export function isEmptyRect(r: Rect): boolean {
  return r.width <= 0 || r.height <= 0;
}

export function rectEquals(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

export function translateRect(r: Rect, dx: number, dy: number): Rect {
  return { x: r.x + dx, y: r.y + dy, width: r.width, height: r.height };
}

/** The overlap of two rects, or `null` when they share no pixel. */
export function intersectRect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(rectRight(a), rectRight(b));
  const bottom = Math.min(rectBottom(a), rectBottom(b));
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return intersectRect(a, b) !== null;
}

/**
 * The smallest rect containing every non-empty rect given (the bounding box, not a
 * set union). Throws when none is non-empty, since "no bounds" has no rect.
 */
export function boundsOf(rects: readonly Rect[]): Rect {
  let x = Number.POSITIVE_INFINITY;
  let y = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const r of rects) {
    if (isEmptyRect(r)) continue;
    x = Math.min(x, r.x);
    y = Math.min(y, r.y);
    right = Math.max(right, rectRight(r));
    bottom = Math.max(bottom, rectBottom(r));
  }
  if (right === Number.NEGATIVE_INFINITY) throw new RangeError('boundsOf: no non-empty rect given');
  return { x, y, width: right - x, height: bottom - y };
}

/** True when every pixel of `inner` lies in `outer` (an empty `inner` is always contained). */
export function containsRect(outer: Rect, inner: Rect): boolean {
  if (isEmptyRect(inner)) return true;
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    rectRight(inner) <= rectRight(outer) &&
    rectBottom(inner) <= rectBottom(outer)
  );
}

/**
 * The pixels of `a` not in `b`, as at most four disjoint non-empty rects: the full-width bands
 * above and below `b`, then the parts left and right of it between them.
 */
export function subtractRect(a: Rect, b: Rect): Rect[] {
  if (isEmptyRect(a)) return [];
  const overlap = intersectRect(a, b);
  if (overlap === null) return [{ ...a }];
  const pieces: Rect[] = [
    { x: a.x, y: a.y, width: a.width, height: overlap.y - a.y },
    { x: a.x, y: rectBottom(overlap), width: a.width, height: rectBottom(a) - rectBottom(overlap) },
    { x: a.x, y: overlap.y, width: overlap.x - a.x, height: overlap.height },
    { x: rectRight(overlap), y: overlap.y, width: rectRight(a) - rectRight(overlap), height: overlap.height },
  ];
  return pieces.filter((r) => !isEmptyRect(r));
}

export function containsPoint(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.y >= r.y && p.x < rectRight(r) && p.y < rectBottom(r);
}

/**
 * Chebyshev (L∞) distance from pixel `p` to the nearest pixel of non-empty `r`:
 * 0 inside, 1 for the eight neighbours of its border, and so on.
 */
export function chebyshevDistanceToRect(r: Rect, p: Point): number {
  const dx = Math.max(r.x - p.x, 0, p.x - (rectRight(r) - 1));
  const dy = Math.max(r.y - p.y, 0, p.y - (rectBottom(r) - 1));
  return Math.max(dx, dy);
}
