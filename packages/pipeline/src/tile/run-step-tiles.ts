import type { ImageProvider } from '@exquisite/generator';
import {
  bufferWorldRect,
  changedBounds,
  containsRect,
  crop,
  type PixelBuffer,
  type Rect,
  rectEquals,
  regionEquals,
  type StepPlan,
  stepWorkRect,
  subtractRect,
  translateRect,
  worldToLocal,
} from '@exquisite/geometry';
import type { WorkingCanvas } from '../canvas/write-cells.js';
import { classifyError, StepFailure, throwIfAborted } from '../failure.js';
import { compositedArtifact } from './artifacts.js';
import { runTile, withTileArtifacts } from './run-tile.js';
import type { Compositor, TileProgress, TileResult, TileSettings } from './types.js';

export interface RunStepTilesInput {
  plan: StepPlan;
  /** Must cover exactly `stepWorkRect(plan)` (see `readWorkingCanvas`). */
  working: WorkingCanvas;
  generator: ImageProvider;
  prompt: string;
  settings: TileSettings;
  signal?: AbortSignal;
  onProgress?: (progress: TileProgress) => void;
  /** Test seam only; defaults to geometry's `composite`. */
  compositor?: Compositor;
}

export interface StepTilesResult {
  tiles: TileResult[];
  /** World rect of the working canvas, now holding the step's new pixels. */
  workRect: Rect;
}

/**
 * Runs the step's tiles in plan order, each seeing what the previous ones produced, then
 * checks the step as a whole: the working canvas still covers exactly the plan's work rect
 * (I1), the new canvas is the old one grown by one band, and nothing outside the changed
 * region moved (I2, in addition to each tile's own check).
 */
export async function runStepTiles(input: RunStepTilesInput): Promise<StepTilesResult> {
  const { plan, working, signal } = input;
  const workRect = stepWorkRect(plan);
  assertCoversWorkRect(working, workRect, 'before the step');
  assertGrowsByOneBand(plan);
  const unchanging = snapshotOutside(working, plan.changedRegion);

  const results: TileResult[] = [];
  const tiles = plan.tiles.length;
  try {
    for (const tile of plan.tiles) {
      throwIfAborted(signal);
      const result = await runTile({
        plan,
        tile,
        working,
        generator: input.generator,
        prompt: input.prompt,
        settings: input.settings,
        ...(signal ? { signal } : {}),
        ...(input.compositor ? { compositor: input.compositor } : {}),
        onPhase: (phase) => input.onProgress?.({ tile: tile.index, tiles, phase }),
      });
      results.push(result);
    }
    throwIfAborted(signal);

    assertCoversWorkRect(working, workRect, 'after the step');
    assertUnchanged(working, unchanging);
    return { tiles: results, workRect };
  } catch (err) {
    // Tiles that completed before the failure keep their artifacts too.
    const failure = classifyError(err);
    for (const done of results) {
      withTileArtifacts(failure, {
        index: done.index,
        artifacts: { ...done.artifacts, composited: await compositedArtifact(done) },
      });
    }
    throw failure;
  }
}

/** The working canvas' pixels outside the changed region, as they were before any tile ran. */
interface Snapshot {
  rect: Rect;
  pixels: PixelBuffer;
}

/**
 * Keeps a copy of just the pixels no tile may change (the work rect minus the changed region)
 * for the step-wide I2 check: for a one-tile step that is the far 384 px of the old band,
 * not the whole 3 MB working canvas.
 */
function snapshotOutside(working: WorkingCanvas, changedRegion: Rect): Snapshot[] {
  const local = worldToLocal(changedRegion, working.origin);
  const whole = { x: 0, y: 0, width: working.buffer.width, height: working.buffer.height };
  return subtractRect(whole, local).map((rect) => ({ rect, pixels: crop(working.buffer, rect) }));
}

/** I2 for the whole step: every pixel outside the changed region is byte-identical. */
function assertUnchanged(working: WorkingCanvas, snapshots: readonly Snapshot[]): void {
  for (const { rect, pixels } of snapshots) {
    if (regionEquals(working.buffer, rect, pixels)) continue;
    const moved = changedBounds(pixels, crop(working.buffer, rect))!;
    throw new StepFailure('IMMUTABLE_VIOLATION', {
      detail: `pixels changed outside the changed region (local bounds ${JSON.stringify(translateRect(moved, rect.x, rect.y))})`,
    });
  }
}

function assertCoversWorkRect(working: WorkingCanvas, workRect: Rect, when: string): void {
  const covered = bufferWorldRect(working.buffer, working.origin);
  if (!rectEquals(covered, workRect)) {
    throw new StepFailure('COMPOSITE_ERROR', {
      detail: `working canvas ${JSON.stringify(covered)} is not the step's work rect ${JSON.stringify(workRect)} ${when}`,
    });
  }
}

/** I1: the canvas after the step is the canvas before plus exactly one 512-deep band. */
function assertGrowsByOneBand(plan: StepPlan): void {
  const { before, after, newRegion } = plan;
  const edge = plan.direction === 'left' || plan.direction === 'right' ? before.height : before.width;
  const ok =
    containsRect(after, before) &&
    containsRect(after, newRegion) &&
    after.width * after.height === before.width * before.height + newRegion.width * newRegion.height &&
    newRegion.width * newRegion.height === 512 * edge;
  if (!ok) {
    throw new StepFailure('COMPOSITE_ERROR', {
      detail: `plan breaks I1: ${JSON.stringify({ before, after })}`,
    });
  }
}
