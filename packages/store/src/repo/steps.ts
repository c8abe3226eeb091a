import { type Direction, planStep, type Rect } from '@exquisite/geometry';
import { and, asc, desc, eq, lt, lte, max, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../db/pg-error.js';
import type { Db } from '../db/types.js';
import { StoreError } from '../errors.js';
import { canvasVersions, creditLedger, roomMembers, rooms, steps, users } from '../schema/index.js';
import { writeAudit } from './audit.js';
import { isUuid } from './ids.js';
import { refundStep } from './ledger.js';
import { toStep } from './mappers.js';
import { advanceTurn, insertCells, lockRoom } from './room-loader.js';
import type { CanvasRef, CellRef, Refusal, Step } from './types.js';

export type AcceptRefusalCode =
  | 'NOT_FOUND'
  | 'NOT_YOUR_TURN'
  | 'STALE_TURN'
  | 'ROOM_BUSY'
  | 'ROOM_FINISHED'
  | 'INSUFFICIENT_CREDITS'
  | 'CANVAS_LIMIT'
  | 'DIRECTION_NOT_ALLOWED'
  | 'IDEMPOTENCY_MISMATCH';

export type AcceptStepResult = { ok: true; step: Step; replay: boolean } | Refusal<AcceptRefusalCode>;

export interface AcceptStepInput {
  roomId: string;
  userId: string;
  direction: Direction;
  prompt: string;
  turnNonce: string;
  idempotencyKey: string;
  /** Hash of the request body; a reused key with another hash is IDEMPOTENCY_MISMATCH. */
  requestHash: string;
  leaseSeconds: number;
  /** Credits per tile (TILE_COST). */
  tileCost: number;
  provider?: string | null;
  model?: string | null;
}

/**
 * Step 1 of the step transaction. Everything is checked and written under the room row lock, so
 * accepts on one room serialise; the unique indexes (one running step per room, one key per
 * user and room, one debit per step) remain the real guarantee and are translated here.
 * Membership is checked before the room's status so a non-member learns nothing (NOT_FOUND).
 */
export async function acceptStep(db: Db, input: AcceptStepInput): Promise<AcceptStepResult> {
  if (!isUuid(input.roomId) || !isUuid(input.userId)) return { ok: false, code: 'NOT_FOUND' };
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction((tx) => acceptInTransaction(tx, input));
    } catch (error) {
      // Another transaction inserted the same key first: the retry finds and replays it.
      if (isUniqueViolation(error, 'steps_idempotency_key') && attempt === 0) continue;
      if (isUniqueViolation(error, 'steps_one_running_per_room')) return { ok: false, code: 'ROOM_BUSY' };
      throw error;
    }
  }
}

async function acceptInTransaction(tx: Db, input: AcceptStepInput): Promise<AcceptStepResult> {
  const room = await lockRoom(tx, input.roomId);
  if (!room) return { ok: false, code: 'NOT_FOUND' };

  const [existing] = await tx
    .select()
    .from(steps)
    .where(
      and(
        eq(steps.roomId, room.id),
        eq(steps.userId, input.userId),
        eq(steps.idempotencyKey, input.idempotencyKey),
      ),
    );
  if (existing) {
    if (existing.requestHash !== input.requestHash) return { ok: false, code: 'IDEMPOTENCY_MISMATCH' };
    return { ok: true, step: toStep(existing), replay: true };
  }

  const [member] = await tx
    .select({ seat: roomMembers.seat })
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, room.id), eq(roomMembers.userId, input.userId)));
  if (!member) return { ok: false, code: 'NOT_FOUND' };
  if (room.status === 'finished') return { ok: false, code: 'ROOM_FINISHED' };
  if (member.seat !== room.turnSeat) return { ok: false, code: 'NOT_YOUR_TURN' };
  if (room.turnNonce !== input.turnNonce) return { ok: false, code: 'STALE_TURN' };

  const [running] = await tx
    .select({ id: steps.id })
    .from(steps)
    .where(and(eq(steps.roomId, room.id), eq(steps.status, 'running')));
  if (running) return { ok: false, code: 'ROOM_BUSY' };

  if (room.mode === 'folded' && room.direction !== input.direction) {
    return { ok: false, code: 'DIRECTION_NOT_ALLOWED' };
  }
  const before: Rect = {
    x: room.canvasX,
    y: room.canvasY,
    width: room.canvasWidth,
    height: room.canvasHeight,
  };
  const plan = planStep(before, input.direction, { featherPx: room.featherPx });
  if (plan.after.width > room.maxWidth || plan.after.height > room.maxHeight) {
    return { ok: false, code: 'CANVAS_LIMIT' };
  }
  // Version n is the n-th committed step, so the head version counts the turns played.
  if (room.maxTurns !== null && room.canvasVersion >= room.maxTurns)
    return { ok: false, code: 'ROOM_FINISHED' };

  const tiles = plan.tiles.length;
  const cost = tiles * input.tileCost;
  const debited = await tx
    .update(users)
    .set({ credits: sql`${users.credits} - ${cost}` })
    .where(and(eq(users.id, input.userId), sql`${users.credits} >= ${cost}`))
    .returning({ credits: users.credits });
  if (debited.length === 0) return { ok: false, code: 'INSUFFICIENT_CREDITS' };

  const [last] = await tx
    .select({ number: max(steps.number) })
    .from(steps)
    .where(eq(steps.roomId, room.id));
  const [row] = await tx
    .insert(steps)
    .values({
      roomId: room.id,
      number: (last?.number ?? 0) + 1,
      userId: input.userId,
      direction: input.direction,
      prompt: input.prompt,
      status: 'running',
      tiles,
      cost,
      provider: input.provider ?? null,
      model: input.model ?? null,
      idempotencyKey: input.idempotencyKey,
      requestHash: input.requestHash,
      turnNonce: room.turnNonce,
      leaseExpiresAt: leaseFromNow(input.leaseSeconds),
      beforeX: before.x,
      beforeY: before.y,
      beforeWidth: before.width,
      beforeHeight: before.height,
      beforeVersion: room.canvasVersion,
    })
    .returning();
  const step = row!;
  await tx
    .insert(creditLedger)
    .values({ userId: input.userId, delta: -cost, reason: 'debit', stepId: step.id, roomId: room.id });
  return { ok: true, step: toStep(step), replay: false };
}

/** Database time, so replicas with skewed clocks agree on who holds a lease. */
function leaseFromNow(leaseSeconds: number) {
  return sql`now() + (${leaseSeconds}::double precision * interval '1 second')`;
}

/** Extends the lease; false when the step is no longer this worker's (fenced, finished or expired). */
export async function heartbeatStep(
  db: Db,
  input: { stepId: string; fencingToken: number; leaseSeconds: number },
): Promise<boolean> {
  if (!isUuid(input.stepId)) return false;
  const rows = await db
    .update(steps)
    .set({ leaseExpiresAt: leaseFromNow(input.leaseSeconds) })
    .where(
      and(
        eq(steps.id, input.stepId),
        eq(steps.fencingToken, input.fencingToken),
        eq(steps.status, 'running'),
        sql`${steps.leaseExpiresAt} > now()`,
      ),
    )
    .returning({ id: steps.id });
  return rows.length > 0;
}

/** Locks a step that is still this worker's: running, same fencing token, lease not expired. */
async function lockLiveStep(tx: Db, stepId: string, fencingToken: number, requireLease: boolean) {
  const [row] = await tx
    .select({ step: steps, live: sql<boolean>`${steps.leaseExpiresAt} > now()` })
    .from(steps)
    .where(eq(steps.id, stepId))
    .for('update');
  if (row?.step.status !== 'running' || row.step.fencingToken !== fencingToken) return undefined;
  if (requireLease && !row.live) return undefined;
  return row.step;
}

export interface CommitStepInput {
  stepId: string;
  fencingToken: number;
  /** The canvas after the step; must be the plan's `after` for the step's `before` and direction. */
  after: Rect;
  /** Only the cells this step changed: level 0 and their pyramid ancestors. */
  cells: CellRef[];
  record?: Record<string, unknown>;
  provider?: string | null;
  model?: string | null;
}

export type CommitStepResult =
  | { ok: true; step: Step; canvas: CanvasRef; roomFinished: boolean }
  | Refusal<'FENCED'>;

/**
 * Step 3: records version head+1 with only the changed cells, moves the head, commits the step
 * and passes the turn on. The turn moves only if it is still the turn the step was accepted in
 * (a skip or a removal while the step ran already moved it). Finishes the room at maxTurns.
 */
export async function commitStep(db: Db, input: CommitStepInput): Promise<CommitStepResult> {
  if (!isUuid(input.stepId)) return { ok: false, code: 'FENCED' };
  return db.transaction(async (tx) => {
    const step = await lockLiveStep(tx, input.stepId, input.fencingToken, true);
    if (!step) return { ok: false, code: 'FENCED' } as const;
    let room = (await lockRoom(tx, step.roomId))!;
    const before: Rect = {
      x: step.beforeX,
      y: step.beforeY,
      width: step.beforeWidth,
      height: step.beforeHeight,
    };
    const planned = planStep(before, step.direction).after;
    if (!sameRect(planned, input.after)) {
      throw new StoreError('AFTER_MISMATCH', `commit of step ${step.id}: after does not match the plan`);
    }
    if (room.canvasVersion !== step.beforeVersion) {
      throw new StoreError('HEAD_MOVED', `commit of step ${step.id}: canvas head moved while it ran`);
    }
    const version = room.canvasVersion + 1;
    await tx.insert(canvasVersions).values({ roomId: room.id, version, ...input.after, stepId: step.id });
    await insertCells(tx, room.id, version, input.cells);
    if (room.turnNonce === step.turnNonce) room = await advanceTurn(tx, room);
    const reachedMax = room.maxTurns !== null && version >= room.maxTurns;
    const roomFinished = room.status === 'finished' || reachedMax;
    await tx
      .update(rooms)
      .set({
        canvasX: input.after.x,
        canvasY: input.after.y,
        canvasWidth: input.after.width,
        canvasHeight: input.after.height,
        canvasVersion: version,
        ...(reachedMax && room.status !== 'finished'
          ? { status: 'finished' as const, finishedAt: new Date() }
          : {}),
      })
      .where(eq(rooms.id, room.id));
    const [committed] = await tx
      .update(steps)
      .set({
        status: 'committed',
        afterX: input.after.x,
        afterY: input.after.y,
        afterWidth: input.after.width,
        afterHeight: input.after.height,
        afterVersion: version,
        record: input.record ?? step.record,
        provider: input.provider ?? step.provider,
        model: input.model ?? step.model,
        finishedAt: sql`now()`,
      })
      .where(eq(steps.id, step.id))
      .returning();
    return { ok: true, step: toStep(committed!), canvas: { ...input.after, version }, roomFinished } as const;
  });
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/**
 * Step 4: the step failed; it is refunded (once), the canvas and the turn are unchanged so the
 * same player may try again. A worker whose lease lapsed may still report its failure.
 */
export async function failStep(
  db: Db,
  input: {
    stepId: string;
    fencingToken: number;
    code: string;
    message: string;
    record?: Record<string, unknown>;
  },
): Promise<{ ok: true; step: Step; refunded: boolean } | Refusal<'FENCED'>> {
  if (!isUuid(input.stepId)) return { ok: false, code: 'FENCED' };
  return db.transaction(async (tx) => {
    const step = await lockLiveStep(tx, input.stepId, input.fencingToken, false);
    if (!step) return { ok: false, code: 'FENCED' } as const;
    const [failed] = await tx
      .update(steps)
      .set({
        status: 'failed',
        errorCode: input.code,
        errorMessage: input.message,
        record: input.record ?? step.record,
        finishedAt: sql`now()`,
      })
      .where(eq(steps.id, step.id))
      .returning();
    const refunded = await refundStep(tx, step);
    return { ok: true, step: toStep(failed!), refunded } as const;
  });
}

export type AbortCode = 'LEASE_EXPIRED' | 'OPERATOR_ABORT';

/** Aborts a running step and refunds it; an operator's abort is audited. */
export async function abortStep(
  db: Db,
  input: { stepId: string; code: AbortCode; message?: string; actorId?: string | null },
): Promise<{ ok: true; step: Step; refunded: boolean } | Refusal<'NOT_FOUND' | 'NOT_RUNNING'>> {
  if (!isUuid(input.stepId)) return { ok: false, code: 'NOT_FOUND' };
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(steps).where(eq(steps.id, input.stepId)).for('update');
    if (!row) return { ok: false, code: 'NOT_FOUND' } as const;
    if (row.status !== 'running') return { ok: false, code: 'NOT_RUNNING' } as const;
    const result = await abortLocked(tx, row, input.code, input.message);
    if (input.actorId !== undefined) {
      await writeAudit(tx, {
        actorId: input.actorId,
        action: 'step.abort',
        targetType: 'step',
        targetId: row.id,
        data: { code: input.code, roomId: row.roomId, refunded: result.refunded },
      });
    }
    return { ok: true, ...result } as const;
  });
}

async function abortLocked(tx: Db, row: typeof steps.$inferSelect, code: AbortCode, message?: string) {
  const [aborted] = await tx
    .update(steps)
    .set({
      status: 'aborted',
      errorCode: code,
      errorMessage: message ?? defaultAbortMessage(code),
      finishedAt: sql`now()`,
    })
    .where(eq(steps.id, row.id))
    .returning();
  const refunded = await refundStep(tx, row);
  return { step: toStep(aborted!), refunded };
}

function defaultAbortMessage(code: AbortCode): string {
  return code === 'LEASE_EXPIRED'
    ? 'The server working on this step stopped answering; the credits were refunded.'
    : 'An operator aborted this step; the credits were refunded.';
}

/**
 * Step 5 (recover): aborts and refunds every running step whose lease expired. Rows another
 * replica is already sweeping are skipped (SKIP LOCKED), and the refund key makes a double
 * refund impossible anyway.
 */
export async function expireLeases(db: Db, options: { now?: Date; limit?: number } = {}): Promise<Step[]> {
  const now = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  return db.transaction(async (tx) => {
    const expired = await tx
      .select()
      .from(steps)
      .where(and(eq(steps.status, 'running'), lte(steps.leaseExpiresAt, now)))
      .orderBy(asc(steps.leaseExpiresAt))
      .limit(options.limit ?? 100)
      .for('update', { skipLocked: true });
    const aborted: Step[] = [];
    for (const row of expired) aborted.push((await abortLocked(tx, row, 'LEASE_EXPIRED')).step);
    return aborted;
  });
}

export async function getStep(db: Db, stepId: string): Promise<Step | null> {
  if (!isUuid(stepId)) return null;
  const [row] = await db.select().from(steps).where(eq(steps.id, stepId));
  return row ? toStep(row) : null;
}

/** Newest first; `before` is a step number for paging, `status` keeps only steps in that state. */
export async function listSteps(
  db: Db,
  roomId: string,
  options: { before?: number; limit?: number; status?: Step['status'] } = {},
): Promise<Step[]> {
  if (!isUuid(roomId)) return [];
  const rows = await db
    .select()
    .from(steps)
    .where(
      and(
        eq(steps.roomId, roomId),
        options.before === undefined ? undefined : lt(steps.number, options.before),
        options.status === undefined ? undefined : eq(steps.status, options.status),
      ),
    )
    .orderBy(desc(steps.number))
    .limit(options.limit ?? 50);
  return rows.map(toStep);
}

/**
 * The room's newest committed step — the one its current canvas came from — or null before
 * the first. The step runner reads what the model did on it (docs/seams.md, "Headroom sized
 * from the model").
 */
export async function latestCommittedStep(db: Db, roomId: string): Promise<Step | null> {
  const [step] = await listSteps(db, roomId, { status: 'committed', limit: 1 });
  return step ?? null;
}

/** Every running step, oldest lease first (admin: active and stuck steps). */
export async function listRunningSteps(db: Db): Promise<Step[]> {
  const rows = await db
    .select()
    .from(steps)
    .where(eq(steps.status, 'running'))
    .orderBy(asc(steps.leaseExpiresAt));
  return rows.map(toStep);
}
