import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests sent by another origin's page. Browsers always send `Origin` on
 * cross-site POST/PUT/PATCH/DELETE, so a present-and-foreign Origin is the signal; non-browser
 * clients (curl, tests) that send none pass, and still need a session cookie to do anything.
 */
export function csrfGuard(publicOrigin: string | undefined) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('Origin');
      const own = publicOrigin ?? new URL(c.req.url).origin;
      if (origin !== undefined && origin !== own) {
        throw new ApiError(403, 'CSRF', 'Cross-origin request refused');
      }
    }
    await next();
  });
}
