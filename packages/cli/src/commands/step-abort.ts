import { abortStep, type Db, type Step } from '@exquisite/store';
import { CliError } from '../errors.js';
import { CLI_ACTOR } from './admin.js';

/**
 * Aborts a running step (OPERATOR_ABORT) and refunds it, with an audit entry. The replica
 * running it finds out at its next heartbeat or commit (fenced) and stops.
 */
export async function abortStepAsOperator(
  db: Db,
  stepId: string,
): Promise<{ step: Step; refunded: boolean }> {
  const result = await abortStep(db, { stepId, code: 'OPERATOR_ABORT', actorId: CLI_ACTOR.actorId });
  if (!result.ok) {
    if (result.code === 'NOT_RUNNING') throw new CliError('REFUSED', `step ${stepId} is not running`);
    throw new CliError('NOT_FOUND', `no step ${stepId}`);
  }
  return { step: result.step, refunded: result.refunded };
}
