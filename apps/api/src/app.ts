import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppDeps } from './deps.js';
import { bodyLimits } from './http/body-limits.js';
import { csrfGuard } from './http/csrf.js';
import type { AppEnv } from './http/env.js';
import { errorHandler, notFoundHandler } from './http/on-error.js';
import { requestLog } from './http/request-log.js';
import { sessionLoader } from './http/session.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { canvasRoutes } from './routes/canvas.js';
import { creditRoutes } from './routes/credits.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { roomRoutes } from './routes/rooms.js';
import { stepRoutes } from './routes/steps.js';

export type { AppDeps } from './deps.js';

/**
 * The HTTP API. Middleware order matters: request id and log first (so every line carries the id),
 * then CSRF and body limits (refuse before reading anything), then the session.
 */
export function createApp(deps: AppDeps, options: { heartbeatMs?: number } = {}) {
  const api = new Hono<AppEnv>()
    .route('/auth', authRoutes(deps))
    .route('/', roomRoutes(deps))
    .route('/', stepRoutes(deps))
    .route('/', canvasRoutes(deps))
    .route('/', eventRoutes(deps, options))
    .route('/', creditRoutes(deps))
    .route('/admin', adminRoutes(deps));

  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(requestLog(deps.logger))
    .use('/api/*', csrfGuard(deps.config.publicOrigin))
    .use('/api/*', bodyLimits)
    .use('/api/*', sessionLoader(deps.db, deps.config))
    .route('/', healthRoutes(deps))
    .route('/api', api);

  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);
  return app;
}

/** The typed route table, for `hc<AppType>()` clients. */
export type AppType = ReturnType<typeof createApp>;
