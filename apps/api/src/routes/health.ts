import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import type { AppEnv } from '../http/env.js';

/** Liveness (the process answers) and readiness (its database and blob store answer). */
export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' as const }, 200))
    .get('/readyz', async (c) => {
      const [database, blobs] = await Promise.all([probe(deps.db.ping), probe(deps.probeBlobs)]);
      const ready = database && blobs;
      return c.json(
        { status: ready ? ('ok' as const) : ('unavailable' as const), database, blobs },
        ready ? 200 : 503,
      );
    });
}

async function probe(check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}
