import {
  adjustCredits,
  listAudit,
  listRooms,
  listRunningSteps,
  listUsers,
  writeAudit,
} from '@exquisite/store';
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDeps } from '../deps.js';
import { toAuditDto, toRoomDto, toStepDto, toUserDto } from '../dto/mappers.js';
import { ApiError, notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { adminCreditsBody, adminStepsQuery, pageQuery, stepIdParam, userIdParam } from '../http/schemas.js';
import { requireAdmin } from '../http/session.js';
import { validate } from '../http/validate.js';

/**
 * Operator routes. 401 when anonymous, 403 FORBIDDEN for players; checked before any input is
 * read. Every action and look-up is written to the audit log.
 */
export function adminRoutes(deps: AppDeps) {
  const { db, pipeline } = deps;
  const clock = deps.clock ?? (() => new Date());
  const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
    requireAdmin(c);
    await next();
  });
  const audit = (c: Context<AppEnv>, action: string, targetType: string, targetId: string, data = {}) =>
    writeAudit(db.db, { actorId: requireAdmin(c).id, action, targetType, targetId, data });

  return new Hono<AppEnv>()
    .use(adminOnly)
    .get('/steps', validate('query', adminStepsQuery), async (c) => {
      const now = clock().getTime();
      const steps = await listRunningSteps(db.db);
      await audit(c, 'admin.list_steps', 'step', '*', { count: steps.length });
      return c.json(
        {
          steps: steps.map((step) => ({
            ...toStepDto(step),
            leaseExpiresAt: step.leaseExpiresAt.toISOString(),
            // Lease lapsed and not yet recovered by any replica's sweeper.
            stuck: step.leaseExpiresAt.getTime() < now,
          })),
        },
        200,
      );
    })
    .post('/steps/:stepId/abort', validate('param', stepIdParam), async (c) => {
      const admin = requireAdmin(c);
      const { stepId } = c.req.valid('param');
      const result = await pipeline.abortStep({ stepId, actorId: admin.id });
      if (!result.ok) {
        if (result.code === 'NOT_RUNNING')
          throw new ApiError(409, 'STEP_NOT_RUNNING', 'The step is not running');
        throw notFound('Step');
      }
      await audit(c, 'step.abort', 'step', stepId, { code: 'OPERATOR_ABORT' });
      return c.json({ ok: true as const }, 200);
    })
    .post(
      '/users/:userId/credits',
      validate('param', userIdParam),
      validate('json', adminCreditsBody),
      async (c) => {
        const admin = requireAdmin(c);
        const { userId } = c.req.valid('param');
        const { delta, reason } = c.req.valid('json');
        // adjustCredits writes its own audit entry in the same transaction as the ledger entry.
        const result = await adjustCredits(db.db, {
          userId,
          delta,
          reason: delta > 0 ? 'grant' : 'admin',
          actorId: admin.id,
          note: reason,
        });
        if (!result.ok) {
          if (result.code === 'INSUFFICIENT_CREDITS') {
            throw new ApiError(402, 'INSUFFICIENT_CREDITS', 'The balance cannot go below zero');
          }
          throw notFound('User');
        }
        return c.json({ balance: result.balance, entryId: String(result.entryId) }, 200);
      },
    )
    .get('/users', validate('query', pageQuery), async (c) => {
      const { limit, offset } = c.req.valid('query');
      const users = await listUsers(db.db, { limit: limit ?? 100, offset: offset ?? 0 });
      await audit(c, 'admin.list_users', 'user', '*', { count: users.length });
      return c.json({ users: users.map(toUserDto) }, 200);
    })
    .get('/rooms', validate('query', pageQuery), async (c) => {
      const { limit, offset } = c.req.valid('query');
      const rooms = await listRooms(db.db, { limit: limit ?? 100, offset: offset ?? 0 });
      await audit(c, 'admin.list_rooms', 'room', '*', { count: rooms.length });
      return c.json({ rooms: rooms.map((room) => toRoomDto(room)) }, 200);
    })
    .get('/audit', validate('query', pageQuery), async (c) => {
      const { limit, before } = c.req.valid('query');
      const entries = await listAudit(db.db, { limit: limit ?? 100, before });
      return c.json({ entries: entries.map(toAuditDto) }, 200);
    });
}
