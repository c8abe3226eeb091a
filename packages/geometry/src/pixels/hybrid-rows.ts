import {
  BLOCK_EXACT_LIB,
  type BlockExactLib,
  blockExactRowsRgb,
  type PixelSpan,
  rgbRowMeans,
} from './block-exact-rgb.js';
import { DITHER, ditherRow } from './carry-dither.js';
import { blockExactValue, scratchCache } from './response-law.js';

export type { PixelSpan } from './block-exact-rgb.js';

/**
 * The hybrid transfer's per-pixel pass where nothing is filled: each colour channel's
 * block-exact law (`curves`, window `radius`), mapped back from the headroom's levels
 * (`black`, `scale`) and dithered. `hybridMatch` reports it with `deferRows` so a caller can
 * run it itself — split into row bands over threads, say.
 */
export interface HybridRowPass {
  curves: Float64Array[];
  radius: number;
  black: number;
  scale: number;
}

/** What the pass calls, passed in so that it refers to nothing outside its own body. */
interface HybridRowsLib extends BlockExactLib {
  blockExactRowsRgb: typeof blockExactRowsRgb;
  ditherRow: typeof ditherRow;
  dither: Float64Array;
}

const HYBRID_ROWS_LIB: HybridRowsLib = Object.freeze({
  ...BLOCK_EXACT_LIB,
  blockExactRowsRgb,
  ditherRow,
  dither: DITHER,
});

/**
 * Runs `pass` over `span` of `generated`, writing the corrected bytes of the span's pixels
 * into `out` (laid out like `generated`; nothing outside the span is written). Two calls on
 * two halves of a span give the bytes one call gives, except where a running sum starts at
 * the second half's edge (its last bits can differ: at most one level, rarely).
 */
export function hybridRows(
  generated: { data: Uint8Array; width: number; height: number; channels: number },
  pass: HybridRowPass,
  span: PixelSpan,
  out: Uint8Array,
): void {
  runHybridRows(generated, pass, span, out, HYBRID_ROWS_LIB);
}

/** `hybridRows` with its helpers passed in: the function a worker runs from its source text. */
function runHybridRows(
  generated: { data: Uint8Array; width: number; height: number; channels: number },
  pass: HybridRowPass,
  span: PixelSpan,
  out: Uint8Array,
  lib: HybridRowsLib,
): void {
  const { width, channels: c } = generated;
  const { black, scale } = pass;
  lib.blockExactRowsRgb(
    generated,
    pass.curves,
    pass.radius,
    (y, rows) => {
      for (let k = 0; k < 3; k++)
        lib.ditherRow(out, width, c, k, y, rows[k]!, black, scale, span.x0, span.x1, lib.dither);
    },
    span,
    lib,
  );
}

/**
 * The source text of an expression that evaluates to `(generated, pass, span, out) => void`:
 * `hybridRows` with its helpers and scratch arrays of its own, for a worker thread to run
 * from text (it needs no module system). The functions are spliced from their own compiled
 * source, so the worker runs the very code this thread does; `__name` stands in for the
 * helper a build with esbuild's `keepNames` may wrap nested functions in.
 */
export function hybridRowsSource(): string {
  return `(() => {
  const __name = (fn) => fn;
  const lib = {
    scratchOf: (${scratchCache.toString()})(),
    blockExactValue: ${blockExactValue.toString()},
    rgbRowMeans: ${rgbRowMeans.toString()},
    blockExactRowsRgb: ${blockExactRowsRgb.toString()},
    ditherRow: ${ditherRow.toString()},
    dither: Float64Array.from(${JSON.stringify(Array.from(DITHER))}),
  };
  const run = ${runHybridRows.toString()};
  return (generated, pass, span, out) => run(generated, pass, span, out, lib);
})()`;
}
