import {
  type ColorMatchStats,
  colorMatch,
  colorMatchStats,
  composite,
  histogramMatch,
  multibandComposite,
  type PixelBuffer,
  pairedMatch,
} from '@exquisite/geometry';
import type { Compositor, TileSettings } from './types.js';

/**
 * How the generated tile is blended over the canvas across the feather strip.
 * `feather`: geometry's linear composite. `multiband`: Laplacian-pyramid blend, then the
 * same composite (so I2 holds identically). See docs/seams.md for the measurements.
 */
export type BlendMethod = 'feather' | 'multiband';
export const BLEND_METHODS: readonly BlendMethod[] = Object.freeze(['feather', 'multiband']);

/**
 * How colour matching corrects the generated tile (when `colorMatch` is on).
 * `mean-std`: Reinhard per-channel mean/std transfer. `histogram`: per-channel CDF matching
 * of block means. `paired`: monotone curve fitted on the re-rendered known blocks against
 * the canvas at the same positions.
 */
export type ColorTransfer = 'mean-std' | 'histogram' | 'paired';
export const COLOR_TRANSFERS: readonly ColorTransfer[] = Object.freeze(['mean-std', 'histogram', 'paired']);

/** Defaults chosen from bench/results/seams.md (docs/seams.md explains why). */
export const DEFAULT_BLEND_METHOD: BlendMethod = 'feather';
export const DEFAULT_COLOR_TRANSFER: ColorTransfer = 'histogram';

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
): { buffer: PixelBuffer; stats: ColorMatchStats | null } {
  if (!settings.colorMatch) return { buffer: generated, stats: null };
  if ((settings.colorTransfer ?? DEFAULT_COLOR_TRANSFER) === 'mean-std') {
    return colorMatch(generated, canvasTile, known);
  }
  const transfer = settings.colorTransfer ?? DEFAULT_COLOR_TRANSFER;
  const matched =
    transfer === 'paired'
      ? pairedMatch(generated, canvasTile, known)
      : histogramMatch(generated, canvasTile, known);
  // The step record keeps one shape for every transfer: the known pixels' mean/std moments of
  // the generated tile and the canvas (its scale/offset are the mean/std transfer's, which
  // is not the curve applied here; the room's colorTransfer says which one was).
  return { buffer: matched.buffer, stats: colorMatchStats(generated, canvasTile, known) };
}
