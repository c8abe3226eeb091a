import type { SubmitRefusal } from '@exquisite/pipeline';
import { getRoom, getStep, listSteps } from '@exquisite/store';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps.js';
import { stepViewFor, toStepDto } from '../dto/mappers.js';
import { ApiError, notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { canSee, roomAccess } from '../http/room-access.js';
import { idempotencyHeader, roomIdParam, stepBody, stepIdParam, stepsQuery } from '../http/schemas.js';
import { requireUser, signedIn } from '../http/session.js';
import { validate } from '../http/validate.js';

/** How each refusal of the step transaction's Accept phase is answered. */
const REFUSALS: Record<SubmitRefusal, [ContentfulStatusCode, string]> = {
  NOT_FOUND: [404, 'Room not found'],
  NOT_YOUR_TURN: [403, 'It is not your turn'],
  STALE_TURN: [409, 'The turn has moved on; reload the room'],
  ROOM_BUSY: [409, 'A step is already running in this room'],
  ROOM_FINISHED: [409, 'The room has finished'],
  INSUFFICIENT_CREDITS: [402, 'Not enough credits for this step'],
  CANVAS_LIMIT: [422, 'The canvas would exceed the room size limit'],
  DIRECTION_NOT_ALLOWED: [422, 'This folded room only grows in its own direction'],
  IDEMPOTENCY_MISMATCH: [422, 'This Idempotency-Key was used for a different request'],
};

export function stepRoutes(deps: AppDeps) {
  const { db, pipeline } = deps;
  const access = roomAccess(db);

  return new Hono<AppEnv>()
    .post(
      '/rooms/:roomId/steps',
      access,
      validate('param', roomIdParam),
      validate('header', idempotencyHeader),
      validate('json', stepBody),
      async (c) => {
        const user = requireUser(c);
        const body = c.req.valid('json');
        const outcome = await pipeline.submitStep({
          roomId: c.get('room').id,
          userId: user.id,
          direction: body.direction,
          prompt: body.prompt,
          turnNonce: body.turnNonce,
          idempotencyKey: c.req.valid('header')['idempotency-key'].toLowerCase(),
        });
        if (!outcome.ok) {
          const [status, message] = REFUSALS[outcome.code];
          throw new ApiError(status, outcome.code, message);
        }
        const step = await getStep(db.db, outcome.stepId);
        if (!step) throw new Error(`step ${outcome.stepId} vanished after acceptance`);
        return c.json({ step: toStepDto(step) }, outcome.replay ? 200 : 202);
      },
    )
    .get(
      '/rooms/:roomId/steps',
      access,
      validate('param', roomIdParam),
      validate('query', stepsQuery),
      async (c) => {
        const room = c.get('room');
        const query = c.req.valid('query');
        const steps = await listSteps(db.db, room.id, { before: query.before, limit: query.limit ?? 50 });
        const view = stepViewFor(room, requireUser(c));
        return c.json({ steps: steps.map((step) => toStepDto(step, view)) }, 200);
      },
    )
    .get('/steps/:stepId', signedIn, validate('param', stepIdParam), async (c) => {
      const user = requireUser(c);
      const step = await getStep(db.db, c.req.valid('param').stepId);
      const room = step ? await getRoom(db.db, step.roomId) : null;
      if (!step || !room || !canSee(room, user)) throw notFound('Step');
      return c.json({ step: toStepDto(step, stepViewFor(room, user)) }, 200);
    });
}
