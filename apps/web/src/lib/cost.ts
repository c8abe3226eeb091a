import { type Direction, planStep, type Rect } from '@exquisite/geometry';

/**
 * Credits per generated tile, as the server charges by default (`TILE_COST`). The server is
 * the authority; the client only shows an estimate before the player commits to a move.
 */
export const TILE_COST = 1;

/** Credits a step in `direction` is expected to cost on `canvas`. */
export function estimateStepCost(canvas: Rect, direction: Direction, tileCost = TILE_COST): number {
  return planStep(canvas, direction).tiles.length * tileCost;
}
