import {
  type ColorMatchStats,
  colorMatch,
  colorMatchStats,
  composite,
  type HybridMatchResult,
  histogramMatch,
  hybridMatch,
  multibandComposite,
  type PixelBuffer,
  pairedMatch,
  type Rect,
  responseMatch,
} from '@exquisite/geometry';
import type { TileColourLaw } from './headroom-policy.js';
import type { Compositor, TileSettings } from './types.js';

/**
 * How the generated tile is blended over the canvas across the feather strip.
 * `feather`: geometry's linear composite. `multiband`: Laplacian-pyramid blend, then the
 * same composite (so I2 holds identically). See docs/seams.md for the measurements.
 */
export type BlendMethod = 'feather' | 'multiband';
export const BLEND_METHODS: readonly BlendMethod[] = Object.freeze(['feather', 'multiband']);

/**
 * How colour matching corrects the generated tile (when `colorMatch` is on), as a room
 * stores it (the store's `color_transfer` enum; values are only ever appended). `mean-std`:
 * Reinhard per-channel mean/std transfer. `histogram`: per-channel CDF matching of block
 * means. `paired`: monotone curve fitted on the re-rendered known blocks against the canvas
 * at the same positions. `hybrid`: a per-channel gain/offset/gamma response fitted on the
 * unclipped 16² known block pairs and inverted block-exactly, with the ends the model clipped
 * filled from the pairs (geometry's `hybridMatch`): the best figures, at a few times histogram's
 * CPU a tile (negligible against a model call), so the default since the headroom round
 * (docs/seams.md, "Decision").
 */
export type ColorTransfer = 'mean-std' | 'histogram' | 'paired' | 'hybrid';
export const COLOR_TRANSFERS: readonly ColorTransfer[] = Object.freeze([
  'mean-std',
  'histogram',
  'paired',
  'hybrid',
]);

/**
 * Every transfer the tile runner implements: the room ones plus `response` — the hybrid's
 * response law fitted on every 16² block pair, clipped ones included, with no fill (geometry's
 * `responseMatch`). The seams benchmark measures it; no room can select it (it is not in the
 * store's or the API's enum: docs/seams.md says why the hybrid replaced it).
 */
export type TileColorTransfer = ColorTransfer | 'response';
export const TILE_COLOR_TRANSFERS: readonly TileColorTransfer[] = Object.freeze([
  ...COLOR_TRANSFERS,
  'response',
]);

/**
 * Tile settings with any transfer the runner implements. `TileSettings.colorTransfer` is the
 * room type; benchmarks and tests reach `response` through this one cast.
 */
export function withColorTransfer(settings: TileSettings, transfer: TileColorTransfer): TileSettings {
  return { ...settings, colorTransfer: transfer as ColorTransfer };
}

/**
 * Defaults chosen from bench/results/seams.md (docs/seams.md, "Decision", explains why):
 * hybrid since the headroom round, because with the reference headroom (on by default) it keeps
 * colour error after 10 steps at ~1.26× the first step's over 12 photographs, against ~5.8× for
 * histogram; its ~0.1 s of CPU a tile is negligible against a model call. It applies where a
 * room stores no transfer; the store's `DEFAULT_ROOM_COLOR_TRANSFER` names the same value for new
 * rooms (the store must not import the pipeline, so the two are kept equal by a test).
 */
export const DEFAULT_BLEND_METHOD: BlendMethod = 'feather';
export const DEFAULT_COLOR_TRANSFER: ColorTransfer = 'hybrid';

export function isBlendMethod(value: unknown): value is BlendMethod {
  return typeof value === 'string' && (BLEND_METHODS as readonly string[]).includes(value);
}

/** The compositor a tile uses: the injected test seam if any, else the room's blend method. */
export function compositorFor(settings: TileSettings, injected?: Compositor): Compositor {
  if (injected) return injected;
  return (settings.blend ?? DEFAULT_BLEND_METHOD) === 'multiband' ? multibandComposite : composite;
}

/**
 * Colour-corrects the generator's output against the canvas over the tile's known pixels,
 * or returns it untouched (stats null) when the room turned colour matching off.
 */
export function matchTileColours(
  settings: TileSettings,
  generated: PixelBuffer,
  canvasTile: PixelBuffer,
  known: Uint8Array,
): { buffer: PixelBuffer; stats: ColorMatchStats | null; law: TileColourLaw | null } {
  const { buffer, stats, law } = matchTileColoursDeferred(settings, generated, canvasTile, known);
  return { buffer, stats: stats(), law };
}

/** A colour-matched tile; its record statistics are computed on first call of `stats`. */
export interface MatchedTile {
  buffer: PixelBuffer;
  stats: () => ColorMatchStats | null;
  law: TileColourLaw | null;
  /**
   * With `deferRows`, the hybrid's per-pixel pass still to run over `buffer.data` (geometry's
   * `hybridRows`; `hybridRowsOnTwoCores` splits it over both cores). Null: `buffer` is done.
   */
  rows: HybridMatchResult['rows'];
}

/**
 * `matchTileColours` with the step record's statistics left to compute later (`stats()`),
 * off the tile's critical path — e.g. while the step's PNGs encode. `generated` and
 * `canvasTile` must not change until `stats()` has been called. `sent`: the reference the
 * generator was shown, when the tile runner squeezed it into `settings.headroom` — the hybrid
 * reads its known pixels instead of squeezing the canvas tile a second time (same result).
 * `reads`: the only pixels of the result the caller will read (a feathered composite's
 * non-zero weights); the hybrid then corrects just those where it fills nothing, and the
 * result elsewhere is not corrected. `deferRows`: see `MatchedTile.rows`.
 */
export function matchTileColoursDeferred(
  settings: TileSettings,
  generated: PixelBuffer,
  canvasTile: PixelBuffer,
  known: Uint8Array,
  options: { sent?: PixelBuffer; reads?: Rect; deferRows?: boolean } = {},
): MatchedTile {
  const { sent, reads } = options;
  if (!settings.colorMatch) return { buffer: generated, stats: () => null, law: null, rows: null };
  // Wider than the room type: `withColorTransfer` lets the benchmark and tests pick `response`.
  const transfer = (settings.colorTransfer ?? DEFAULT_COLOR_TRANSFER) as TileColorTransfer;
  if (transfer === 'mean-std') {
    // Its statistics are its transfer: computed anyway.
    const matched = colorMatch(generated, canvasTile, known);
    return { buffer: matched.buffer, stats: () => matched.stats, law: null, rows: null };
  }
  let law: TileColourLaw | null = null;
  let rows: MatchedTile['rows'] = null;
  let matched: { buffer: PixelBuffer };
  if (transfer === 'hybrid') {
    const hybrid = hybridMatch(generated, canvasTile, known, {
      ...(settings.headroom ? { headroom: settings.headroom, ...(sent ? { seen: sent } : {}) } : {}),
      ...(reads ? { region: reads } : {}),
      ...(options.deferRows ? { deferRows: true } : {}),
    });
    rows = hybrid.rows;
    // Only the hybrid knows the model's law and where it clipped: what sizes the next step's headroom.
    law = {
      responses: hybrid.responses,
      clipped: {
        high: hybrid.fills.map((f) => f.high !== null),
        low: hybrid.fills.map((f) => f.low !== null),
      },
    };
    matched = hybrid;
  } else {
    matched =
      transfer === 'paired'
        ? pairedMatch(generated, canvasTile, known)
        : transfer === 'response'
          ? responseMatch(generated, canvasTile, known)
          : histogramMatch(generated, canvasTile, known);
  }
  // The step record keeps one shape for every transfer: the known pixels' mean/std moments of
  // the generated tile and the canvas (its scale/offset are the mean/std transfer's, which
  // is not the curve applied here; the room's colorTransfer says which one was).
  let stats: ColorMatchStats | undefined;
  return {
    buffer: matched.buffer,
    stats: () => (stats ??= colorMatchStats(generated, canvasTile, known)),
    law,
    rows,
  };
}
