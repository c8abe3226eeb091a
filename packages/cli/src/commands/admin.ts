import { type Db, findUserByEmail, setUserRole, type User, writeAudit } from '@exquisite/store';
import { CliError } from '../errors.js';

/** Actor of every CLI audit entry: no user, marked as coming from the operator CLI. */
export const CLI_ACTOR = { actorId: null, via: 'cli' } as const;

/** Makes an existing account an admin; the role change and its audit entry commit together. */
export async function grantAdmin(db: Db, email: string): Promise<User> {
  return db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) throw new CliError('NOT_FOUND', `no account with the email ${email}`);
    const updated = await setUserRole(tx, user.id, 'admin');
    await writeAudit(tx, {
      actorId: CLI_ACTOR.actorId,
      action: 'user.role',
      targetType: 'user',
      targetId: user.id,
      data: { via: CLI_ACTOR.via, role: 'admin', previous: user.role },
    });
    return updated!;
  });
}
