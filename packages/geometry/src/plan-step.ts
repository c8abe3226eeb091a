import { assertCanvas, assertDirection, assertFeather } from './canvas-rules.js';
import { BAND_PX, DEFAULT_FEATHER_PX, TILE_PX } from './constants.js';
import type { Direction } from './direction.js';
import { boundsOf, type Rect } from './rect.js';

/** One 1024² generator tile of a step. Both rects are in world coordinates. */
export interface TilePlan {
  /** Position in generation order (0 first). */
  index: number;
  /** The tile's 1024×1024 world rect: half old-canvas band, half new region. */
  rect: Rect;
  /** The part of `rect` nobody has generated yet when this tile runs. */
  unknown: Rect;
}

/** Everything a step needs to know about where pixels go. All rects are world rects. */
export interface StepPlan {
  direction: Direction;
  /** Canvas before the step. */
  before: Rect;
  /** Canvas after the step (I1). */
  after: Rect;
  /** The 512-deep strip added beyond the old edge. */
  newRegion: Rect;
  /** `newRegion` plus the `featherPx`-deep strip of old canvas along the edge. */
  changedRegion: Rect;
  featherPx: number;
  /** Generation order; `n = E/512 − 1` tiles. */
  tiles: TilePlan[];
}

export interface PlanStepOptions {
  /** 0…512, default 128. */
  featherPx?: number;
}

/**
 * Plans one step: the canvas grows by exactly 512 px towards `direction`, covered by
 * overlapping 1024² tiles generated in order along the edge, each seeing what the
 * previous ones produced. Throws a `RangeError` (a `FrameRuleError`) naming the rule
 * that `canvas`, `direction` or `featherPx` breaks.
 */
export function planStep(canvas: Rect, direction: Direction, options: PlanStepOptions = {}): StepPlan {
  assertDirection(direction);
  assertCanvas(canvas);
  const featherPx = options.featherPx ?? DEFAULT_FEATHER_PX;
  assertFeather(featherPx);

  const { x, y, width: w, height: h } = canvas;
  const before: Rect = { x, y, width: w, height: h };
  const horizontal = direction === 'right' || direction === 'left';
  const edge = horizontal ? h : w;
  const tileCount = edge / BAND_PX - 1;

  let after: Rect;
  let newRegion: Rect;
  let changedRegion: Rect;
  switch (direction) {
    case 'right':
      after = { x, y, width: w + BAND_PX, height: h };
      newRegion = { x: x + w, y, width: BAND_PX, height: h };
      changedRegion = { x: x + w - featherPx, y, width: BAND_PX + featherPx, height: h };
      break;
    case 'left':
      after = { x: x - BAND_PX, y, width: w + BAND_PX, height: h };
      newRegion = { x: x - BAND_PX, y, width: BAND_PX, height: h };
      changedRegion = { x: x - BAND_PX, y, width: BAND_PX + featherPx, height: h };
      break;
    case 'down':
      after = { x, y, width: w, height: h + BAND_PX };
      newRegion = { x, y: y + h, width: w, height: BAND_PX };
      changedRegion = { x, y: y + h - featherPx, width: w, height: BAND_PX + featherPx };
      break;
    case 'up':
      after = { x, y: y - BAND_PX, width: w, height: h + BAND_PX };
      newRegion = { x, y: y - BAND_PX, width: w, height: BAND_PX };
      changedRegion = { x, y: y - BAND_PX, width: w, height: BAND_PX + featherPx };
      break;
  }

  const tiles: TilePlan[] = [];
  for (let index = 0; index < tileCount; index++) {
    const along = BAND_PX * index;
    // Tile 0 knows nothing of the new region; every later tile already sees the
    // first half of its new-region part, produced by the tile before it.
    const unknownOffset = index === 0 ? 0 : BAND_PX;
    const unknownLength = index === 0 ? TILE_PX : BAND_PX;
    let rect: Rect;
    let unknown: Rect;
    if (horizontal) {
      rect = {
        x: direction === 'right' ? x + w - BAND_PX : x - BAND_PX,
        y: y + along,
        width: TILE_PX,
        height: TILE_PX,
      };
      unknown = { x: newRegion.x, y: rect.y + unknownOffset, width: BAND_PX, height: unknownLength };
    } else {
      rect = {
        x: x + along,
        y: direction === 'down' ? y + h - BAND_PX : y - BAND_PX,
        width: TILE_PX,
        height: TILE_PX,
      };
      unknown = { x: rect.x + unknownOffset, y: newRegion.y, width: unknownLength, height: BAND_PX };
    }
    tiles.push({ index, rect, unknown });
  }

  return { direction, before, after, newRegion, changedRegion, featherPx, tiles };
}

/** The bounds of every tile of the step: the band plus the new region it touches. */
export function stepWorkRect(plan: StepPlan): Rect {
  return boundsOf(plan.tiles.map((tile) => tile.rect));
}

/** A tile's unknown rect in tile-local coordinates (origin at the tile's top-left). */
export function tileLocalUnknown(tile: TilePlan): Rect {
  return {
    x: tile.unknown.x - tile.rect.x,
    y: tile.unknown.y - tile.rect.y,
    width: tile.unknown.width,
    height: tile.unknown.height,
  };
}

/**
 * The last 512-px strip of the canvas on the `direction` side: what a folded room
 * shows while it is being played (the previous player's contribution).
 */
export function frontierStrip(canvas: Rect, direction: Direction): Rect {
  const { x, y, width: w, height: h } = canvas;
  switch (direction) {
    case 'right':
      return { x: x + w - BAND_PX, y, width: BAND_PX, height: h };
    case 'left':
      return { x, y, width: BAND_PX, height: h };
    case 'down':
      return { x, y: y + h - BAND_PX, width: w, height: BAND_PX };
    case 'up':
      return { x, y, width: w, height: BAND_PX };
  }
}
