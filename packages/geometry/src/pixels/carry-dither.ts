/**
 * The hybrid transfer's last pass over a row: back from the headroom's levels, clamped with what
 * the clamp cuts off carried along the row, and ordered-dithered to bytes.
 */
import { BAYER_4 } from './dither.js';

/**
 * Row `y` of channel `k` of `out` from its levels `row`: mapped back from the headroom's levels
 * to the canvas' (`black`, `scale`), clamped to 0…255 with what the clamp cuts off carried
 * along, and dithered — columns `x0 ≤ x < x1` (the whole row by default; the carry starts at 0
 * at `x0`). Refers to nothing outside its body (the thresholds come in `dither`), so it can run
 * from its source text on another thread (`hybridRowsSource`).
 */
export function ditherRow(
  out: Uint8Array,
  width: number,
  c: number,
  k: number,
  y: number,
  row: Float64Array,
  black: number,
  scale: number,
  x0 = 0,
  x1 = width,
  dither: Float64Array = DITHER,
): void {
  // Most clamped-off level carried along a row: a long run the law sends past an end is not a bias to spread.
  const MAX_CARRY = 64;
  const rowPhase = (y & 3) << 2;
  // What a clamp at 0 or 255 cuts off, carried to the next pixel of the row: the model's
  // noise passes through the law, and clamped near black or white it would raise (lower)
  // the mean there — a bias the next step inherits and adds to.
  let carry = 0;
  for (let x = x0, i = (y * width + x0) * c + k; x < x1; x++, i += c) {
    const v = (row[x]! - black) / scale + carry;
    // Math.max(0, Math.min(255, v)) and Math.max(-MAX_CARRY, Math.min(MAX_CARRY, v - kept)), to the
    // bit (+0 for −0 included). Inside 0…255 the carry is v − v, +0, written as a constant: the
    // next pixel then does not wait for this one (its carry would chain every pixel of the row
    // to the one before), which halves the loop's time.
    let kept = v;
    if (!(v > 0 && v < 255)) {
      kept = v > 0 ? 255 : 0;
      const cut = v - kept;
      // biome-ignore lint/complexity/useMathMinMax: see above
      carry = cut < MAX_CARRY ? (cut > -MAX_CARRY ? cut : -MAX_CARRY) : MAX_CARRY;
    } else carry = 0;
    // ⌊kept + threshold⌋, at most 255 (kept ≤ 255, threshold < 1), as Math.min(255, Math.floor(…)) was.
    out[i] = (kept + dither[rowPhase | (x & 3)]!) | 0;
  }
}

/** The dither thresholds as a typed array, for the per-pixel loop. */
export const DITHER = Float64Array.from(BAYER_4);
