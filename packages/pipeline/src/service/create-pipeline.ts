import type { ImageProvider } from '@exquisite/generator';
import { abortStep, acceptStep, type BlobStore, type Db, type Step } from '@exquisite/store';
import { StepFailure } from '../failure.js';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from './config.js';
import { createRoom } from './create-room.js';
import type { Pipeline, PipelineEvent } from './pipeline.js';
import { exportPng, readCanvas, readTile } from './reads.js';
import { stepRequestHash } from './request-hash.js';
import { runStep, type StepRunOutcome } from './run-step.js';
import { sweepExpiredLeases } from './sweeper.js';

export interface PipelineDeps {
  db: Db;
  blobs: BlobStore;
  generator: ImageProvider;
  config?: Partial<PipelineConfig>;
  /** Every step event, for live updates; must not throw. */
  onEvent?: (event: PipelineEvent) => void;
  /** Unexpected errors in background work (sweeps), for the server's log. */
  onError?: (error: unknown, context: string) => void;
}

export interface PipelineHandle extends Pipeline {
  /** Resolves when the given locally running step settles (tests and shutdown). */
  settled(stepId: string): Promise<StepRunOutcome> | undefined;
  /** Steps this process is running right now. */
  readonly running: number;
}

/**
 * The pipeline service: accepts steps through the store's transaction and runs them in the
 * background of this process; recovery of other processes' lost steps is the sweeper's job.
 */
export function createPipeline(deps: PipelineDeps): PipelineHandle {
  const config: PipelineConfig = { ...DEFAULT_PIPELINE_CONFIG, ...deps.config };
  const onEvent = (event: PipelineEvent) => {
    try {
      deps.onEvent?.(event);
    } catch (error) {
      deps.onError?.(error, 'onEvent');
    }
  };
  const runner = { db: deps.db, blobs: deps.blobs, generator: deps.generator, config, onEvent };
  const running = new Map<string, { controller: AbortController; done: Promise<StepRunOutcome> }>();
  let sweepTimer: NodeJS.Timeout | null = null;
  let accepting = true;

  const launch = (step: Step) => {
    const controller = new AbortController();
    const done = runStep(runner, step, controller.signal).finally(() => running.delete(step.id));
    running.set(step.id, { controller, done });
  };

  const sweep = async () => {
    try {
      return await sweepExpiredLeases(deps.db, onEvent);
    } catch (error) {
      deps.onError?.(error, 'sweep');
      return 0;
    }
  };

  return {
    get running() {
      return running.size;
    },
    settled: (stepId) => running.get(stepId)?.done,

    async submitStep(input) {
      if (!accepting) return { ok: false, code: 'ROOM_BUSY' };
      const result = await acceptStep(deps.db, {
        ...input,
        requestHash: stepRequestHash(input),
        leaseSeconds: config.leaseSeconds,
        tileCost: config.tileCost,
        provider: deps.generator.name,
        model: deps.generator.model,
      });
      if (!result.ok) return result;
      if (!result.replay) launch(result.step);
      return { ok: true, stepId: result.step.id, replay: result.replay };
    },

    async abortStep({ stepId, actorId }) {
      const result = await abortStep(deps.db, { stepId, code: 'OPERATOR_ABORT', actorId });
      if (!result.ok) return result;
      // If the step runs here, stop spending generator calls on it at once; elsewhere, its
      // worker notices at its next heartbeat.
      running.get(stepId)?.controller.abort(new StepFailure('OPERATOR_ABORT'));
      onEvent({ type: 'step.failed', roomId: result.step.roomId, stepId });
      return { ok: true };
    },

    createRoom: (input) =>
      createRoom(
        {
          db: deps.db,
          blobs: deps.blobs,
          generator: deps.generator,
          tileCost: config.tileCost,
          startImageLimits: config.startImageLimits,
        },
        input,
      ),

    readCanvas: (input) => readCanvas(deps, input),
    readTile: (input) => readTile(deps, input),
    exportPng: (input) => exportPng(deps, input),

    sweep,
    start() {
      if (sweepTimer) return;
      void sweep();
      sweepTimer = setInterval(() => void sweep(), config.sweepIntervalMs);
      sweepTimer.unref();
    },
    async stop(graceMs) {
      accepting = false;
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      const all = Promise.allSettled([...running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([all, grace]);
      clearTimeout(timer);
    },
  };
}
