import type { ImageProvider } from '@exquisite/generator';
import {
  composite,
  crop,
  type PixelBuffer,
  paste,
  prefill,
  type Rect,
  type StepPlan,
  squeezeLevels,
  TILE_PX,
  type TilePlan,
  tileLocalUnknown,
  verifyImmutable,
  worldToLocal,
} from '@exquisite/geometry';
import type { WorkingCanvas } from '../canvas/write-cells.js';
import { classifyError, type FailedTileArtifacts, StepFailure, throwIfAborted } from '../failure.js';
import { decodeImage, encodePng } from '../image/codec.js';
import { sha256HexAsync } from '../image/hash.js';
import { hybridRowsOnTwoCores } from './rows-on-two-cores.js';
import { compositorFor, matchTileColoursDeferred } from './seam.js';
import { tileMasks } from './tile-masks.js';
import type { Compositor, TileArtifact, TilePhase, TileResult, TileSettings } from './types.js';

export interface RunTileInput {
  plan: StepPlan;
  tile: TilePlan;
  /** The step's working canvas; the composited tile is pasted back into it. */
  working: WorkingCanvas;
  generator: ImageProvider;
  prompt: string;
  settings: TileSettings;
  signal?: AbortSignal;
  onPhase?: (phase: TilePhase) => void;
  /** Test seam only; defaults to geometry's `composite`. */
  compositor?: Compositor;
}

/**
 * Generates one tile and composites it into the working canvas, so the next tile is
 * conditioned on it. Every failure leaves as a StepFailure with its taxonomy code; the
 * working canvas is only written after the tile passed validation and the I2 check.
 */
export async function runTile(input: RunTileInput): Promise<TileResult> {
  const { plan, tile, working, generator, prompt, settings, signal } = input;
  const compositor = compositorFor(settings, input.compositor);
  const clock = stopwatch();
  throwIfAborted(signal);

  // Prepare: what the generator sees.
  const local = worldToLocal(tile.rect, working.origin);
  const canvasTile = tileOfWorking(working, local);
  const prefilled = prefill(canvasTile, tileLocalUnknown(tile), plan.direction, settings.prefill);
  // The colour transfer maps the model's output back onto the canvas' own levels, undoing the
  // squeeze together with the model's drift (docs/seams.md, "The headroom round").
  const squeezed =
    settings.headroom && settings.colorMatch ? squeezeLevels(prefilled, settings.headroom) : null;
  const reference = squeezed ?? prefilled;
  const { weights, blended: weighted, known, mask } = tileMasks(tile, settings.featherPx);
  // The feathered composite reads the generated tile only where a weight is not 0; the multiband
  // blend (and a test's compositor) may read further, so they get the whole tile corrected.
  const reads = compositor === composite ? weighted : undefined;
  const [referencePng, maskArtifact] = await Promise.all([
    // The generator waits for this one and nothing else runs meanwhile: deflate it on both cores.
    encodePng(reference, { parallel: true }),
    mask,
  ]);
  const maskPng = maskArtifact.png;
  const prepareMs = clock();
  // What this tile has produced so far, handed to the step runner if the tile fails.
  // Hashes run on worker threads while the tile goes on; awaited when the tile settles.
  const referenceArtifact = artifact(referencePng);
  let rawArtifact: Promise<TileArtifact> | undefined;
  try {
    return await generateAndComposite();
  } catch (err) {
    const artifacts: FailedTileArtifacts['artifacts'] = {
      reference: await referenceArtifact,
      mask: maskArtifact,
    };
    if (rawArtifact) artifacts.raw = await rawArtifact;
    throw withTileArtifacts(classifyError(err), { index: tile.index, artifacts });
  }

  async function generateAndComposite(): Promise<TileResult> {
    throwIfAborted(signal);
    input.onPhase?.('generating');
    let generated: Awaited<ReturnType<ImageProvider['edit']>>;
    try {
      generated = await generator.edit({
        image: referencePng,
        mask: maskPng,
        prompt,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      throwIfAborted(signal);
      throw classifyError(err);
    }
    rawArtifact = artifact(generated.image);
    const generateMs = clock();

    throwIfAborted(signal);
    input.onPhase?.('compositing');
    const output = await validateGenerated(generated.image);
    const validateMs = clock();

    let blended: PixelBuffer;
    let colorStats: () => TileResult['colorStats'];
    let colourLaw: TileResult['colourLaw'];
    try {
      // The squeezed reference's known pixels are the canvas tile's, squeezed: the hybrid reads
      // them rather than squeezing the canvas tile again.
      const matched = matchTileColoursDeferred(settings, output, canvasTile, known, {
        ...(squeezed ? { sent: squeezed } : {}),
        ...(reads ? { reads } : {}),
        deferRows: true,
      });
      if (matched.rows) await hybridRowsOnTwoCores(output, matched.rows, matched.buffer.data);
      colorStats = matched.stats;
      colourLaw = matched.law;
      blended = compositor(canvasTile, matched.buffer, weights);
    } catch (err) {
      throw new StepFailure('COMPOSITE_ERROR', { detail: (err as Error).message, cause: err });
    }
    assertImmutable(canvasTile, blended, weights, tile);
    placeTile(working, blended, local);
    const compositeMs = clock();

    return {
      index: tile.index,
      composited: blended,
      artifacts: {
        reference: await referenceArtifact,
        mask: maskArtifact,
        raw: await rawArtifact,
      },
      timings: { prepareMs, generateMs, validateMs, compositeMs },
      generator: {
        provider: generated.provider,
        model: generated.model,
        requestId: generated.requestId,
        usage: generated.usage,
        attempts: generated.attempts,
      },
      // Measured when first read — the step runner reads it while the step's PNGs encode —
      // from the generated tile and the canvas tile as it was (see placeTile).
      get colorStats() {
        return colorStats();
      },
      colourLaw,
    };
  }
}

/**
 * The canvas pixels under the tile. When the tile is the whole working buffer (a one-tile
 * step) that buffer itself is used rather than a 3 MB copy: it is only read until the
 * composited tile is pasted back over it, and nothing reads the old pixels after that.
 */
function tileOfWorking(working: WorkingCanvas, local: Rect): PixelBuffer {
  return isWholeWorking(working, local) ? working.buffer : crop(working.buffer, local);
}

/** Whether the tile's rect (in working-buffer coordinates) is the whole working buffer. */
function isWholeWorking({ buffer }: WorkingCanvas, local: Rect): boolean {
  return local.x === 0 && local.y === 0 && local.width === buffer.width && local.height === buffer.height;
}

/**
 * Puts the composited tile into the working canvas. A tile that is the whole working buffer
 * (a one-tile step) replaces it rather than being copied over it: same pixels, no 3 MB copy,
 * and the old buffer — the canvas tile — stays intact for the deferred colour statistics.
 */
function placeTile(working: WorkingCanvas, blended: PixelBuffer, local: Rect): void {
  const { buffer } = working;
  if (isWholeWorking(working, local) && blended.width === buffer.width && blended.height === buffer.height)
    working.buffer = blended;
  else paste(buffer, blended, { x: local.x, y: local.y });
}

/**
 * Takes the tiles' deferred colour statistics now (the step runner calls it while its PNGs
 * encode, when this thread would otherwise wait).
 */
export function measureColorStats(tiles: readonly TileResult[]): void {
  for (const tile of tiles) void tile.colorStats;
}

/** Adds a tile's artifacts to a failure (kept for the failed step's record). */
export function withTileArtifacts(failure: StepFailure, tile: FailedTileArtifacts): StepFailure {
  if (!failure.tileArtifacts.some((t) => t.index === tile.index)) failure.tileArtifacts.push(tile);
  failure.tileArtifacts.sort((a, b) => a.index - b.index);
  return failure;
}

/**
 * The generator is trusted for nothing: its image must decode and be exactly 1024²;
 * alpha, grey or 16-bit output is normalised to 8-bit RGB by the decoder.
 */
async function validateGenerated(png: Uint8Array): Promise<PixelBuffer> {
  let image: PixelBuffer;
  try {
    image = await decodeImage(png);
  } catch (cause) {
    throw new StepFailure('DECODE_ERROR', { detail: (cause as Error).message, cause });
  }
  if (image.width !== TILE_PX || image.height !== TILE_PX) {
    throw new StepFailure('DIMENSION_MISMATCH', {
      detail: `generator returned ${image.width}×${image.height}, expected ${TILE_PX}×${TILE_PX}`,
    });
  }
  return image;
}

/** I2 for one tile: every pixel with weight 0 must come out byte-identical. */
function assertImmutable(before: PixelBuffer, after: PixelBuffer, weights: Uint8Array, tile: TilePlan): void {
  let violation: ReturnType<typeof verifyImmutable>;
  try {
    violation = verifyImmutable(before, after, weights);
  } catch (err) {
    // A compositor that returns the wrong shape cannot be checked, so it cannot be trusted.
    throw new StepFailure('IMMUTABLE_VIOLATION', { detail: (err as Error).message, cause: err });
  }
  if (violation !== null) {
    throw new StepFailure('IMMUTABLE_VIOLATION', {
      detail: `tile ${tile.index}: pixel (${violation.x},${violation.y}) has weight 0 but changed`,
    });
  }
}

async function artifact(png: Uint8Array): Promise<TileArtifact> {
  return { png, sha256: await sha256HexAsync(png) };
}

/** Milliseconds since the previous call (or creation). Timings are recorded, never asserted. */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round((now - last) * 10) / 10;
    last = now;
    return elapsed;
  };
}
