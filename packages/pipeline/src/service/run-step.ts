import { buildPrompt, type ImageProvider } from '@exquisite/generator';
import { planStep, type StepPlan, stepSourceCells } from '@exquisite/geometry';
import {
  type BlobStore,
  type CellRef,
  commitStep,
  type Db,
  failStep,
  getCells,
  getRoom,
  heartbeatStep,
  latestCommittedStep,
  type Step,
} from '@exquisite/store';
import { PendingWrites } from '../canvas/pending-writes.js';
import { updatePyramid } from '../canvas/pyramid.js';
import { readWorkingCanvas } from '../canvas/working.js';
import { writeCells } from '../canvas/write-cells.js';
import { classifyError, StepFailure } from '../failure.js';
import { keepFailedTileArtifacts, type WrittenTileArtifacts, writeTileArtifacts } from '../tile/artifacts.js';
import { runStepTiles } from '../tile/run-step-tiles.js';
import { measureColorStats } from '../tile/run-tile.js';
import type { Compositor, TileResult } from '../tile/types.js';
import { batchedCellRefLoader } from './cell-ref-loader.js';
import { heartbeatIntervalMs, type PipelineConfig } from './config.js';
import type { PipelineEvent } from './pipeline.js';
import { buildStepRecord, type PhaseTimings } from './step-record.js';
import { colourLawsOf, tileSettingsFor, usesReferenceHeadroom } from './tile-settings.js';

export interface StepRunnerDeps {
  db: Db;
  blobs: BlobStore;
  generator: ImageProvider;
  config: PipelineConfig;
  onEvent: (event: PipelineEvent) => void;
  /** Test seam only (to provoke IMMUTABLE_VIOLATION / COMPOSITE_ERROR); defaults to geometry's. */
  compositor?: Compositor;
}

export type StepRunOutcome =
  | { status: 'committed'; step: Step }
  | { status: 'failed'; code: string; step: Step | null }
  /** The lease was lost (or an operator aborted): someone else already settled the step. */
  | { status: 'fenced' };

/**
 * Step 2–4 of the step transaction for one accepted step: generate outside any database
 * transaction, write blobs, then commit under the fencing check — or fail and refund. Never
 * throws: every error ends as a settled step (or a fenced one that recovery settles).
 */
export async function runStep(deps: StepRunnerDeps, step: Step, stop?: AbortSignal): Promise<StepRunOutcome> {
  const { db } = deps;
  const emit = deps.onEvent;
  const controller = new AbortController();
  const onStop = () => controller.abort(stop?.reason);
  stop?.addEventListener('abort', onStop, { once: true });
  const lease = startLeaseWatchdog(deps, step, controller);
  const timings: PhaseTimings = {};
  const started = performance.now();
  let plan: StepPlan | null = null;
  let tiles: TileResult[] = [];
  const artifacts: WrittenTileArtifacts[] = [];

  emit({ type: 'step.started', roomId: step.roomId, stepId: step.id });
  try {
    const room = await getRoom(db, step.roomId);
    if (!room) throw new StepFailure('COMPOSITE_ERROR', { detail: `room ${step.roomId} vanished` });
    plan = planStep(step.before, step.direction, { featherPx: room.settings.featherPx });
    const prompt = buildPrompt({ text: step.prompt, direction: step.direction });

    let t = performance.now();
    // The model's laws on the room's previous step size this step's headroom (docs/seams.md).
    const previous = usesReferenceHeadroom(room.settings)
      ? colourLawsOf((await latestCommittedStep(db, step.roomId))?.record ?? null)
      : null;
    const settings = tileSettingsFor(room.settings, previous);
    const sourceCells = await getCells(db, step.roomId, step.before.version, {
      level: 0,
      cells: stepSourceCells(plan),
    });
    const working = await readWorkingCanvas(deps.blobs, sourceCells, plan);
    timings.readMs = performance.now() - t;

    t = performance.now();
    const result = await runStepTiles({
      plan,
      working,
      generator: deps.generator,
      prompt: prompt.text,
      settings,
      signal: controller.signal,
      ...(deps.compositor ? { compositor: deps.compositor } : {}),
      onProgress: (p) => emit({ type: 'step.progress', roomId: step.roomId, stepId: step.id, ...p }),
    });
    tiles = result.tiles;
    timings.tilesMs = performance.now() - t;

    emit({
      type: 'step.progress',
      roomId: step.roomId,
      stepId: step.id,
      tile: plan.tiles.length - 1,
      tiles: plan.tiles.length,
      phase: 'writing',
    });
    t = performance.now();
    const cells = await writeStepBlobs(deps, step, plan, working, tiles, artifacts, timings);
    timings.writeMs = performance.now() - t;
    if (controller.signal.aborted) throw controller.signal.reason;

    t = performance.now();
    const record = buildStepRecord({
      step,
      plan,
      prompt,
      settings: room.settings,
      headroom: settings.colorMatch ? (settings.headroom ?? null) : null,
      tiles,
      artifacts,
      cells,
      timings,
      totalMs: performance.now() - started,
    });
    const first = tiles[0]?.generator;
    const committed = await commitStep(db, {
      stepId: step.id,
      fencingToken: step.fencingToken,
      after: plan.after,
      cells,
      record,
      provider: first?.provider ?? deps.generator.name,
      model: first?.model ?? deps.generator.model,
    });
    if (!committed.ok) return { status: 'fenced' };
    emit({ type: 'step.committed', roomId: step.roomId, stepId: step.id });
    return { status: 'committed', step: committed.step };
  } catch (error) {
    const failure = classifyError(error);
    const keptArtifacts = await keepFailedTileArtifacts(deps.blobs, step.id, failure.tileArtifacts);
    const record = buildStepRecord({
      step,
      plan,
      prompt: null,
      settings: null,
      tiles,
      artifacts,
      cells: [],
      timings,
      totalMs: performance.now() - started,
      failure,
      keptArtifacts,
    });
    const failed = await failStep(db, {
      stepId: step.id,
      fencingToken: step.fencingToken,
      code: failure.code,
      message: failure.message,
      record,
    }).catch(() => null);
    // Not ours any more (lease lost, operator abort), or the database is gone: recovery settles it.
    if (!failed?.ok) return { status: 'fenced' };
    emit({ type: 'step.failed', roomId: step.roomId, stepId: step.id });
    return { status: 'failed', code: failure.code, step: failed.step };
  } finally {
    lease.stop();
    stop?.removeEventListener('abort', onStop);
  }
}

/**
 * Blobs before the commit that references them: the tile artifacts (kept for inspection even
 * when the commit is later refused), the changed level-0 cells and their pyramid ancestors.
 * Cells are hashed and cached as they are cut, so the pyramid is built from pixels in memory
 * while every PNG encodes and uploads on sharp's worker threads; all writes are settled here.
 */
async function writeStepBlobs(
  deps: StepRunnerDeps,
  step: Step,
  plan: StepPlan,
  working: Parameters<typeof writeCells>[1],
  tiles: TileResult[],
  artifacts: WrittenTileArtifacts[],
  timings: PhaseTimings,
): Promise<CellRef[]> {
  try {
    let t = performance.now();
    const pending = new PendingWrites();
    const written = Promise.all(tiles.map((tile) => writeTileArtifacts(deps.blobs, step.id, tile)));
    pending.track(written.then(() => {}));
    const level0 = await writeCells(deps.blobs, working, plan.changedRegion, pending);
    timings.cellsMs = performance.now() - t;
    t = performance.now();
    const pyramid = await updatePyramid(
      deps.blobs,
      batchedCellRefLoader(deps.db, step.roomId, step.before.version),
      level0,
      { before: step.before, after: plan.after },
      pending,
    );
    timings.pyramidMs = performance.now() - t;
    t = performance.now();
    // The record's colour statistics, measured while the PNGs encode rather than in the tile.
    measureColorStats(tiles);
    await pending.settle();
    artifacts.push(...(await written));
    timings.settleMs = performance.now() - t;
    return [...level0, ...pyramid];
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    throw new StepFailure('ARTIFACT_WRITE_ERROR', { detail: (error as Error).message, cause: error });
  }
}

/**
 * Keeps the lease alive while the step runs. When a heartbeat finds the step is no longer ours
 * (fenced by recovery, aborted by an operator), the run is aborted with LEASE_EXPIRED so it
 * stops spending generator calls on a step that can no longer commit.
 */
function startLeaseWatchdog(deps: StepRunnerDeps, step: Step, controller: AbortController) {
  const beat = async () => {
    const alive = await heartbeatStep(deps.db, {
      stepId: step.id,
      fencingToken: step.fencingToken,
      leaseSeconds: deps.config.leaseSeconds,
    }).catch(() => true); // a failed heartbeat is retried next beat; the lease has slack for it
    if (!alive && !controller.signal.aborted) {
      controller.abort(new StepFailure('LEASE_EXPIRED', { detail: 'the step lease was lost while running' }));
    }
  };
  const timer = setInterval(() => void beat(), heartbeatIntervalMs(deps.config));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
