import {
  crop,
  type LevelRange,
  type PixelBuffer,
  paste,
  planStep,
  type Rect,
  stepWorkRect,
  TILE_PX,
} from '@exquisite/geometry';
import { nextHeadroom } from '../../src/tile/headroom-policy.js';
import { runStepTiles } from '../../src/tile/run-step-tiles.js';
import type { TileResult, TileSettings } from '../../src/tile/types.js';
import { colourError, seamVisibility } from './metrics.js';
import { type Drift, DriftingOracle, type DriftLevel } from './oracle.js';

export interface Method {
  id: string;
  label: string;
  settings: TileSettings;
}

/** A step's colour error (ΔE of 16² block means against the truth) over two zones. */
export interface ColourFigures {
  /** The step's changed zone: 128 px of old canvas (the widest feather) plus the new strip. */
  colour: number;
  /** The new 512-px strip alone: what the compounding compares (docs/seams.md, "Measured on the strip"). */
  strip: number;
}

/** Both colour figures of the step whose old frontier is at `frontier`. */
function colourFigures(canvas: PixelBuffer, truth: PixelBuffer, frontier: number): ColourFigures {
  return {
    colour: colourError(canvas, truth, frontier - COLOUR_BEFORE, frontier + 512),
    strip: colourError(canvas, truth, frontier, frontier + 512),
  };
}

/**
 * The colour error one step gets on its own at the place of the chain's step `step`: the
 * canvas is the truth up to that step's frontier (no earlier step's error to inherit) and the
 * oracle draws the very drift the chain's step drew. The chain's error there divided by this
 * one is compounding proper; strip₁₀ / strip₁ also mixes in how hard the content of the
 * two places is (docs/seams.md).
 */
export async function singleStepColourError(
  truth: PixelBuffer,
  method: Method,
  level: DriftLevel,
  step: number,
  seed: number,
  overrides: Partial<Drift> = {},
): Promise<ColourFigures> {
  const rect: Rect = { x: 0, y: 0, width: TILE_PX + 512 * (step - 1), height: TILE_PX };
  const plan = planStep(rect, 'right', { featherPx: method.settings.featherPx });
  const oracle = new DriftingOracle(truth, level, seed, overrides, (step - 1) * plan.tiles.length);
  oracle.expect(plan);
  const canvas = crop(truth, { x: 0, y: 0, width: truth.width, height: TILE_PX });
  const frontier = rect.x + rect.width;
  for (let y = 0; y < TILE_PX; y++)
    canvas.data.fill(0, (y * canvas.width + frontier) * 3, (y + 1) * canvas.width * 3);
  const work = stepWorkRect(plan);
  const working = { buffer: crop(canvas, work), origin: { x: work.x, y: work.y } };
  await runStepTiles({
    plan,
    working,
    generator: oracle,
    prompt: 'continue the photograph',
    settings: method.settings,
  });
  paste(canvas, working.buffer, { x: work.x, y: work.y });
  return colourFigures(canvas, truth, frontier);
}

export interface StepFigures extends ColourFigures {
  step: number;
  /** Seam visibility at this step's old frontier (ΔE, 0 = like the photograph). */
  seam: number;
  /** The level range this step's reference was squeezed into; null without headroom. */
  headroom: LevelRange | null;
}

/**
 * The settings of a chain's next step: with headroom, its range sized from the colour laws this
 * step's tiles found, as the step runner sizes a room's (`tileSettingsFor` with the previous
 * step's record); `base` is the method's own range, where the chain starts.
 */
export function nextStepSettings(
  settings: TileSettings,
  base: LevelRange | undefined,
  tiles: readonly TileResult[],
): TileSettings {
  if (base === undefined || settings.headroom === undefined) return settings;
  const laws = tiles.flatMap((tile) => (tile.colourLaw ? [tile.colourLaw] : []));
  const previous = laws.length > 0 ? { headroom: settings.headroom, laws } : null;
  return { ...settings, headroom: nextHeadroom(base, previous) };
}

export interface ChainResult {
  steps: StepFigures[];
  /** 320² crops of the result around the frontier of the steps asked for, by step number. */
  crops: Map<number, PixelBuffer>;
}

/** Seam zone measured: 132 px of old canvas (the widest feather + the seam window) to 64 px of new. */
const ZONE_BEFORE = 132;
const ZONE_AFTER = 64;
/** Colour error zone: the widest feather of old canvas plus the whole new strip. */
const COLOUR_BEFORE = 128;
export const CROP_PX = 320;

/**
 * Grows the canvas `steps` times to the right through the production tile runner
 * (`runStepTiles`: prefill, mask, generator, validation, colour match, blend, I1/I2 checks),
 * starting from the first 1024² of the truth, and measures every step against the truth.
 */
export async function runChain(
  truth: PixelBuffer,
  method: Method,
  level: DriftLevel,
  steps: number,
  seed: number,
  cropSteps: number[] = [],
): Promise<ChainResult> {
  const canvas = crop(truth, { x: 0, y: 0, width: truth.width, height: TILE_PX });
  canvas.data.fill(0);
  paste(canvas, crop(truth, { x: 0, y: 0, width: TILE_PX, height: TILE_PX }), { x: 0, y: 0 });
  const oracle = new DriftingOracle(truth, level, seed);
  let rect: Rect = { x: 0, y: 0, width: TILE_PX, height: TILE_PX };
  const figures: StepFigures[] = [];
  const crops = new Map<number, PixelBuffer>();
  let settings = method.settings;
  for (let step = 1; step <= steps; step++) {
    const plan = planStep(rect, 'right', { featherPx: method.settings.featherPx });
    oracle.expect(plan);
    const work = stepWorkRect(plan);
    const working = { buffer: crop(canvas, work), origin: { x: work.x, y: work.y } };
    const { tiles } = await runStepTiles({
      plan,
      working,
      generator: oracle,
      prompt: 'continue the photograph',
      settings,
    });
    paste(canvas, working.buffer, { x: work.x, y: work.y });
    const frontier = rect.x + rect.width;
    figures.push({
      step,
      seam: seamVisibility(canvas, truth, frontier - ZONE_BEFORE, frontier + ZONE_AFTER),
      ...colourFigures(canvas, truth, frontier),
      headroom: settings.headroom ?? null,
    });
    settings = nextStepSettings(settings, method.settings.headroom, tiles);
    if (cropSteps.includes(step)) {
      crops.set(
        step,
        crop(canvas, {
          x: frontier - CROP_PX / 2,
          y: (TILE_PX - CROP_PX) / 2,
          width: CROP_PX,
          height: CROP_PX,
        }),
      );
    }
    rect = plan.after;
  }
  return { steps: figures, crops };
}
