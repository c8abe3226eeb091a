import type { PixelBuffer } from '@exquisite/geometry';
import { type ColourFigures, runChain, type StepFigures, singleStepColourError } from './chain.js';
import { methodById } from './methods.js';
import type { DriftLevel } from './oracle.js';
import { groundTruth } from './photos.js';

/**
 * One chain of the seams benchmark, as plain data: the unit a worker process runs (pool.ts),
 * so the runs of both tables are scheduled, and shared, by their key.
 */
export interface ChainJob {
  photo: string;
  methodId: string;
  level: DriftLevel;
  steps: number;
  seed: number;
  /** Steps whose 320² frontier crop goes to the contact sheet. */
  cropSteps: number[];
  /** Also run one step alone at the last step's place (compounding proper). */
  single: boolean;
}

export interface ChainJobResult {
  key: string;
  steps: StepFigures[];
  crops: Array<[number, PixelBuffer]>;
  /** Colour errors of one step alone at the last step's place, with that step's drift draw; null when not asked. */
  single: ColourFigures | null;
  seconds: number;
}

export const jobKey = (level: DriftLevel, methodId: string, photo: string): string =>
  `${level}|${methodId}|${photo}`;

const truths = new Map<string, Promise<PixelBuffer>>();

export async function runJob(job: ChainJob): Promise<ChainJobResult> {
  const started = performance.now();
  const truthKey = `${job.photo}|${job.steps}`;
  let truth = truths.get(truthKey);
  if (!truth) {
    truth = groundTruth(job.photo, job.steps);
    truths.set(truthKey, truth);
  }
  const photo = await truth;
  const method = methodById(job.methodId);
  const chain = await runChain(photo, method, job.level, job.steps, job.seed, job.cropSteps);
  const single = job.single
    ? await singleStepColourError(photo, method, job.level, job.steps, job.seed)
    : null;
  return {
    key: jobKey(job.level, job.methodId, job.photo),
    steps: chain.steps,
    crops: [...chain.crops],
    single,
    seconds: (performance.now() - started) / 1000,
  };
}
