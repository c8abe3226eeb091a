import type { ChannelResponse, LevelRange } from '@exquisite/geometry';

/**
 * What the hybrid transfer learned about the model on one tile: per colour channel the tone
 * law it fitted (generated/255 ≈ offset + gain·(seen/255)^γ, `seen` being the squeezed level
 * the model was shown) and whether the model clipped that channel's bright or dark end (the
 * transfer had to fill it).
 */
export interface TileColourLaw {
  responses: ChannelResponse[];
  clipped: { high: boolean[]; low: boolean[] };
}

/** What a room's previous step recorded about the model: the range it squeezed into and the laws it fitted. */
export interface PreviousColourLaws {
  headroom: LevelRange;
  laws: readonly TileColourLaw[];
}

/** The narrowest range a room's references are ever squeezed into: 133 levels for 256. */
export const HEADROOM_LIMIT: LevelRange = Object.freeze({ black: 48, white: 180 });
/** Levels the model's predicted output keeps from 0 and 255: its grain must not reach the clamp either. */
const CLEARANCE = 4;

/**
 * The level range the next step squeezes its references into, sized from what the model did
 * on the room's previous step (docs/seams.md, "Headroom sized from the model"). The room's
 * range (`base`, `REFERENCE_HEADROOM`) is where every room starts and the widest it gets. Where
 * the model clipped an end, that end moves in to the level the law fitted for the clipped
 * channel sends to 4 levels short of 0 or 255, never inside `HEADROOM_LIMIT`; otherwise it stays
 * where the previous step had it. It never widens again: a model that clipped once will clip
 * again on the next bright sky, and an end that moves back and forth would clip every few steps
 * (measured: docs/seams.md). Pure: the previous step's range and laws in, a range out.
 */
export function nextHeadroom(base: LevelRange, previous: PreviousColourLaws | null): LevelRange {
  if (previous === null) return base;
  const { laws } = previous;
  const clippedAt = (end: 'high' | 'low') =>
    laws.flatMap((law) => law.responses.filter((_, k) => law.clipped[end][k]));
  const white = Math.min(
    base.white,
    previous.headroom.white,
    ...levelsReaching(clippedAt('high'), 255 - CLEARANCE),
  );
  const black = Math.max(base.black, previous.headroom.black, ...levelsReaching(clippedAt('low'), CLEARANCE));
  return {
    // Rounded inward: the squeezed range stays inside what the laws allow.
    black: Math.ceil(Math.min(Math.max(base.black, HEADROOM_LIMIT.black), black)),
    white: Math.floor(Math.max(Math.min(base.white, HEADROOM_LIMIT.white), white)),
  };
}

/**
 * Per law, the shown level it sends to `target` (0…255), by inverting it: −∞ where every shown
 * level lands above `target`, past 255 where none reaches it, and nothing for a law that cannot
 * be inverted (flat or degenerate): it says nothing about where the model clips.
 */
function levelsReaching(laws: readonly ChannelResponse[], target: number): number[] {
  const levels: number[] = [];
  for (const { gain, offset, gamma } of laws) {
    if (!(gain > 0) || !(gamma > 0) || !Number.isFinite(offset)) continue;
    const x = (target / 255 - offset) / gain;
    levels.push(x <= 0 ? Number.NEGATIVE_INFINITY : 255 * x ** (1 / gamma));
  }
  return levels;
}
