import type { ColorMatchStats, LevelRange, PixelBuffer, PrefillMode } from '@exquisite/geometry';
import type { TileColourLaw } from './headroom-policy.js';
import type { BlendMethod, ColorTransfer } from './seam.js';

/** Per-room step settings that shape every tile. */
export interface TileSettings {
  /** Blend depth into the old canvas, 0…512 (geometry.md). */
  featherPx: number;
  /** Reinhard colour transfer of the generated tile onto the known pixels. */
  colorMatch: boolean;
  prefill: PrefillMode;
  /** Blend across the feather strip; absent = `DEFAULT_BLEND_METHOD` (seam.ts). */
  blend?: BlendMethod;
  /** Colour transfer used when `colorMatch` is on; absent = `DEFAULT_COLOR_TRANSFER` (seam.ts). */
  colorTransfer?: ColorTransfer;
  /**
   * Levels the reference is squeezed into before the generator sees it (geometry's
   * `squeezeLevels`, `REFERENCE_HEADROOM`); absent = sent as the canvas is. Needs colour
   * matching on (ignored without it): the transfer is what brings the output back to the canvas' levels.
   */
  headroom?: LevelRange;
}

/**
 * Blends the generator's output over the working canvas tile. Always geometry's
 * `composite` in production; injectable only so tests can prove the I2 check catches a
 * broken one.
 */
export type Compositor = (canvas: PixelBuffer, generated: PixelBuffer, weights: Uint8Array) => PixelBuffer;

export interface TileArtifact {
  /** PNG bytes exactly as stored. */
  png: Uint8Array;
  /** SHA-256 (hex) of `png`. */
  sha256: string;
}

export interface TileArtifacts {
  /** What the generator saw: known pixels + prefill. */
  reference: TileArtifact;
  /** RGBA: the reference's RGB with the edit-mask alpha. */
  mask: TileArtifact;
  /** The generator's output, untouched. */
  raw: TileArtifact;
  /** The tile after colour matching and compositing, as pasted into the canvas. */
  composited: TileArtifact;
}

/**
 * The artifacts a tile run produces itself. The composited tile's PNG is encoded later, in the
 * step's write phase, from `TileResult.composited`: encoding is off the tile loop's critical path.
 */
export type GeneratedTileArtifacts = Pick<TileArtifacts, 'reference' | 'mask' | 'raw'>;

/** Milliseconds spent per phase of a tile, for the reproducibility record. */
export interface TileTimings {
  prepareMs: number;
  generateMs: number;
  validateMs: number;
  compositeMs: number;
}

export interface TileGeneratorRecord {
  provider: string;
  model: string;
  requestId: string | null;
  usage: Record<string, number> | null;
  attempts: number;
}

export interface TileResult {
  index: number;
  /** The composited 1024² tile (already pasted into the working canvas). */
  composited: PixelBuffer;
  artifacts: GeneratedTileArtifacts;
  timings: TileTimings;
  generator: TileGeneratorRecord;
  /** Colour transfer applied, or null when colour matching is off. */
  colorStats: ColorMatchStats | null;
  /** The model's tone law and clipped ends as the hybrid transfer found them; null with any other transfer. */
  colourLaw: TileColourLaw | null;
}

export type TilePhase = 'generating' | 'compositing';

export interface TileProgress {
  /** Index of the tile being worked on (0-based). */
  tile: number;
  /** Tiles in the step. */
  tiles: number;
  phase: TilePhase;
}
