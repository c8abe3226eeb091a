import { getBalance, listLedger } from '@exquisite/store';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { toLedgerEntryDto } from '../dto/mappers.js';
import type { AppEnv } from '../http/env.js';
import { requireUser } from '../http/session.js';

/** The caller's balance and ledger (newest first). */
export function creditRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/me/credits', async (c) => {
    const user = requireUser(c);
    const [balance, entries] = await Promise.all([
      getBalance(deps.db.db, user.id),
      listLedger(deps.db.db, user.id),
    ]);
    return c.json({ balance: balance ?? 0, entries: entries.map(toLedgerEntryDto) }, 200);
  });
}
