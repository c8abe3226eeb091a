import type { BuiltPrompt } from '@exquisite/generator';
import type { LevelRange, StepPlan } from '@exquisite/geometry';
import type { CellRef, RoomSettings, Step } from '@exquisite/store';
import type { StepFailure } from '../failure.js';
import type { KeptTileArtifacts, WrittenTileArtifacts } from '../tile/artifacts.js';
import type { TileResult } from '../tile/types.js';
import { usesReferenceHeadroom } from './tile-settings.js';

export interface PhaseTimings {
  readMs?: number;
  tilesMs?: number;
  writeMs?: number;
  /** Of writeMs: cutting and hashing the changed level-0 cells (their encodes run on). */
  cellsMs?: number;
  /** Of writeMs: building the pyramid ancestors from pixels in memory. */
  pyramidMs?: number;
  /** Of writeMs: waiting for every PNG encode and put (artifacts, cells, pyramid) to finish. */
  settleMs?: number;
}

/**
 * The reproducibility record of system.md: enough to explain, inspect and replay a step —
 * provider and model, the final prompt and its template version, the parameters, the hash of
 * every image that went in or came out, the generator's usage and request ids, per-phase
 * timings, and the artifact blob keys.
 */
export function buildStepRecord(input: {
  step: Step;
  plan: StepPlan | null;
  prompt: BuiltPrompt | null;
  settings: RoomSettings | null;
  /** The level range the references were squeezed into; null when they were not. */
  headroom?: LevelRange | null;
  tiles: readonly TileResult[];
  artifacts: readonly WrittenTileArtifacts[];
  cells: readonly CellRef[];
  timings: PhaseTimings;
  totalMs: number;
  failure?: StepFailure;
  /** Artifacts of the tiles a failed step had worked on, as far as they could be stored. */
  keptArtifacts?: readonly KeptTileArtifacts[];
}): Record<string, unknown> {
  const { plan, tiles } = input;
  return {
    recordVersion: 1,
    prompt: input.prompt ? { text: input.prompt.text, templateVersion: input.prompt.version } : null,
    parameters: {
      direction: input.step.direction,
      featherPx: plan?.featherPx ?? null,
      prefill: input.settings?.prefill ?? null,
      colorMatch: input.settings?.colorMatch ?? null,
      colorSpace: tiles.find((t) => t.colorStats)?.colorStats?.colorSpace ?? null,
      // Which colour transfer and blend shaped the seam (docs/seams.md); null when colour matching is off.
      colorTransfer: input.settings?.colorMatch ? input.settings.colorTransfer : null,
      blend: input.settings?.blend ?? null,
      // Whether the references went to the model squeezed into headroom (only ever with colour matching).
      referenceHeadroom: usesReferenceHeadroom(input.settings),
      // The range itself: sized per step from the previous step's colour laws (docs/seams.md).
      headroom: input.headroom ?? null,
      tileCount: plan?.tiles.length ?? input.step.tiles,
    },
    before: input.step.before,
    after: plan?.after ?? null,
    tiles: tiles.map((tile, i) => ({
      index: tile.index,
      provider: tile.generator.provider,
      model: tile.generator.model,
      requestId: tile.generator.requestId,
      usage: tile.generator.usage,
      attempts: tile.generator.attempts,
      sha256: {
        reference: tile.artifacts.reference.sha256,
        mask: tile.artifacts.mask.sha256,
        raw: tile.artifacts.raw.sha256,
        composited: input.artifacts[i]?.sha256.composited ?? null,
      },
      artifacts: input.artifacts[i]?.keys ?? null,
      colorStats: tile.colorStats,
      // What the hybrid found the model doing (its law and clipped ends): the next step's headroom.
      colourLaw: tile.colourLaw,
      timings: tile.timings,
    })),
    cells: input.cells.map((c) => ({ level: c.level, cx: c.cx, cy: c.cy, sha256: c.sha256 })),
    timings: { ...input.timings, totalMs: input.totalMs },
    failure: input.failure
      ? {
          code: input.failure.code,
          detail: input.failure.detail ?? null,
          tiles: (input.keptArtifacts ?? []).map((t) => ({
            index: t.index,
            artifacts: t.keys,
            sha256: t.sha256,
          })),
        }
      : null,
  };
}
