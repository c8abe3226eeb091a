import { type Db, expireLeases } from '@exquisite/store';
import type { PipelineEvent } from './pipeline.js';

/**
 * Step 5 of the step transaction: aborts and refunds every step whose lease lapsed (its worker
 * died or lost the database). Any replica may run it; the store makes concurrent sweeps safe.
 */
export async function sweepExpiredLeases(db: Db, onEvent: (event: PipelineEvent) => void): Promise<number> {
  const aborted = await expireLeases(db);
  for (const step of aborted) onEvent({ type: 'step.failed', roomId: step.roomId, stepId: step.id });
  return aborted.length;
}
