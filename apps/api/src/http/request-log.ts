import { createMiddleware } from 'hono/factory';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';

/** One JSON line per request, carrying the request id that error logs and the X-Request-Id header share. */
export function requestLog(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      userId: c.get('user')?.id ?? null,
    });
  });
}
