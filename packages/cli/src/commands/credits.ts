import { adjustCredits, type Db, findUserByEmail } from '@exquisite/store';
import { CliError } from '../errors.js';
import { CLI_ACTOR } from './admin.js';

/**
 * Grants (or, with a negative delta, removes) credits through the ledger. The store writes
 * the ledger entry, the balance and the audit entry in one transaction.
 */
export async function grantCredits(
  db: Db,
  input: { email: string; delta: number; reason?: string },
): Promise<{ userId: string; balance: number }> {
  if (input.delta === 0) throw new CliError('USAGE', 'a grant of 0 credits changes nothing');
  const user = await findUserByEmail(db, input.email);
  if (!user) throw new CliError('NOT_FOUND', `no account with the email ${input.email}`);
  const result = await adjustCredits(db, {
    userId: user.id,
    delta: input.delta,
    reason: input.delta > 0 ? 'grant' : 'admin',
    actorId: CLI_ACTOR.actorId,
    note: `${CLI_ACTOR.via}: ${input.reason ?? 'operator grant'}`,
  });
  if (!result.ok) {
    if (result.code === 'INSUFFICIENT_CREDITS') {
      throw new CliError(
        'REFUSED',
        `${input.email} has ${user.credits} credits; removing ${-input.delta} would go below 0`,
      );
    }
    throw new CliError('NOT_FOUND', `no account with the email ${input.email}`);
  }
  return { userId: user.id, balance: result.balance };
}
