import type { StartImageLimits } from '../image/start-image.js';

export interface PipelineConfig {
  /** How long a step's lease lasts without a heartbeat (STEP_LEASE_SECONDS). */
  leaseSeconds: number;
  /** Credits per generated tile (TILE_COST). */
  tileCost: number;
  /** How often the lease sweeper looks for expired steps. */
  sweepIntervalMs: number;
  startImageLimits: StartImageLimits;
}

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  leaseSeconds: 60,
  tileCost: 1,
  sweepIntervalMs: 15_000,
  startImageLimits: {},
};

/**
 * Heartbeats go out three times per lease so that one slow database round trip never lets a
 * healthy step's lease lapse.
 */
export function heartbeatIntervalMs(config: PipelineConfig): number {
  return Math.max(250, Math.floor((config.leaseSeconds * 1000) / 3));
}
