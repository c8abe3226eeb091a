import type { PixelBuffer } from './buffer.js';
import { applyCurvesDithered } from './dither.js';

/** The levels a picture is squeezed into: black → `black`, white → `white`. */
export interface LevelRange {
  black: number;
  white: number;
}

/**
 * The headroom a reference gets before a model sees it (docs/seams.md, "Headroom"): models
 * shift a whole image's exposure and black level, and whatever they push past 0 or 255 is
 * lost, as is the mean of noise clamped there. Sent a reference squeezed into these levels,
 * a model that continues the colours it is shown has room to drift without clipping, and the
 * colour transfer — fitted on the known pixels against the canvas' true levels — undoes the
 * squeeze together with the drift. More room below white than above black: models brighten.
 */
export const REFERENCE_HEADROOM: LevelRange = Object.freeze({ black: 20, white: 210 });

/**
 * A copy of `buf` with every colour channel mapped linearly from 0…255 onto
 * `black…white`, ordered-dithered (an exact 4×4 mean, no rounding bias). Alpha is never
 * touched; `{ black: 0, white: 255 }` returns the pixels unchanged.
 */
export function squeezeLevels(buf: PixelBuffer, range: LevelRange): PixelBuffer {
  const { black, white } = range;
  if (!Number.isInteger(black) || !Number.isInteger(white) || black < 0 || white > 255 || black >= white) {
    throw new RangeError(`squeezeLevels: need integers 0 ≤ black < white ≤ 255, got ${black}…${white}`);
  }
  const scale = (white - black) / 255;
  const curve = new Float64Array(256).map((_, v) => black + v * scale);
  return applyCurvesDithered(buf, [curve, curve, curve]);
}
