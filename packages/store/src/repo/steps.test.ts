import { randomUUID } from 'node:crypto';
import { type Direction, planStep } from '@exquisite/geometry';
import { and, count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { isUniqueViolation } from '../db/pg-error.js';
import type { Db } from '../db/types.js';
import { StoreError } from '../errors.js';
import { canvasCells, creditLedger, steps } from '../schema/index.js';
import { forEachEngine } from '../testing/engines.js';
import { makeRoom, makeUser } from '../testing/fixtures.js';
import { ledgerSum } from '../testing/ledger.js';
import { listAudit } from './audit.js';
import { getCanvasVersion, getCells, getCellsAtLevels, getTopLevel, listCellBlobKeys } from './canvas.js';
import { getBalance, listLedger } from './credits.js';
import { finishRoom, getRoom, skipTurn } from './rooms.js';
import {
  type AcceptStepInput,
  abortStep,
  acceptStep,
  commitStep,
  expireLeases,
  failStep,
  getStep,
  heartbeatStep,
  latestCommittedStep,
  listRunningSteps,
  listSteps,
} from './steps.js';
import type { CellRef, Room, Step, User } from './types.js';

function acceptInput(room: Room, user: User, overrides: Partial<AcceptStepInput> = {}): AcceptStepInput {
  return {
    roomId: room.id,
    userId: user.id,
    direction: 'right',
    prompt: 'a lighthouse at dusk',
    turnNonce: room.turn.nonce,
    idempotencyKey: randomUUID(),
    requestHash: 'hash-a',
    leaseSeconds: 60,
    tileCost: 1,
    ...overrides,
  };
}

async function accepted(
  db: Db,
  room: Room,
  user: User,
  overrides: Partial<AcceptStepInput> = {},
): Promise<Step> {
  const result = await acceptStep(db, acceptInput(room, user, overrides));
  if (!result.ok) throw new Error(`accept refused: ${result.code}`);
  return result.step;
}

/** The cells a step over `before` towards `direction` would change, as fake refs (level 0 only). */
function changedCells(step: Step, tag: string): CellRef[] {
  const plan = planStep(step.before, step.direction, { featherPx: 128 });
  const r = plan.changedRegion;
  const cells: CellRef[] = [];
  for (let cy = Math.floor(r.y / 512); cy < Math.ceil((r.y + r.height) / 512); cy++) {
    for (let cx = Math.floor(r.x / 512); cx < Math.ceil((r.x + r.width) / 512); cx++) {
      cells.push({ level: 0, cx, cy, blobKey: `cells/${tag}-${cx}-${cy}.png`, sha256: `${tag}:${cx}:${cy}` });
    }
  }
  return cells;
}

async function commit(db: Db, step: Step, tag = step.id.slice(0, 8)) {
  const after = planStep(step.before, step.direction).after;
  const result = await commitStep(db, {
    stepId: step.id,
    fencingToken: step.fencingToken,
    after,
    cells: changedCells(step, tag),
    record: { tag },
    provider: 'mock',
    model: 'mock-1',
  });
  if (!result.ok) throw new Error(`commit refused: ${result.code}`);
  return result;
}

/** What a refused accept must leave untouched. */
async function snapshot(db: Db, room: Room, user: User) {
  const [stepCount] = await db.select({ n: count() }).from(steps).where(eq(steps.roomId, room.id));
  const loaded = await getRoom(db, room.id);
  return {
    balance: await getBalance(db, user.id),
    ledger: await ledgerSum(db, user.id),
    steps: stepCount?.n,
    turn: loaded?.turn,
    canvas: loaded?.canvas,
  };
}

forEachEngine('steps', (get) => {
  it('accepts a step: running, debited tiles × cost through the ledger, leased and fenced', async () => {
    const { db } = get();
    const owner = await makeUser(db, { credits: 10 });
    const room = await makeRoom(db, owner, { canvas: { x: 0, y: 0, width: 1024, height: 2048 } });
    const result = await acceptStep(db, acceptInput(room, owner, { tileCost: 2 }));
    expect(result).toMatchObject({ ok: true, replay: false });
    if (!result.ok) return;
    const { step } = result;
    expect(step).toMatchObject({
      roomId: room.id,
      number: 1,
      userId: owner.id,
      status: 'running',
      direction: 'right',
      tiles: 3,
      cost: 6,
      error: null,
      before: { x: 0, y: 0, width: 1024, height: 2048, version: 0 },
      after: null,
      turnNonce: room.turn.nonce,
    });
    expect(step.fencingToken).toBeGreaterThan(0);
    expect(step.leaseExpiresAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await getBalance(db, owner.id)).toBe(4);
    expect(await ledgerSum(db, owner.id)).toBe(4);
    const debit = (await listLedger(db, owner.id))[0];
    expect(debit).toMatchObject({ reason: 'debit', delta: -6, stepId: step.id, roomId: room.id });
    expect((await getRoom(db, room.id))?.activeStep?.id).toBe(step.id);
    expect(await getStep(db, step.id)).toEqual(step);
    expect((await listRunningSteps(db)).some((s) => s.id === step.id)).toBe(true);
  });

  it('replays a repeated idempotency key without a second debit; a different body is a mismatch', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    const input = acceptInput(room, owner);
    const first = await acceptStep(db, input);
    const second = await acceptStep(db, input);
    expect(first.ok && second.ok && second.step.id === first.step.id).toBe(true);
    expect(second).toMatchObject({ ok: true, replay: true });
    expect(await getBalance(db, owner.id)).toBe(24);
    expect(await acceptStep(db, { ...input, requestHash: 'hash-b' })).toEqual({
      ok: false,
      code: 'IDEMPOTENCY_MISMATCH',
    });
    expect(await getBalance(db, owner.id)).toBe(24);
  });

  it('refuses with every code and changes nothing', async () => {
    const { db } = get();
    const [owner, b, stranger, poor] = [
      await makeUser(db),
      await makeUser(db),
      await makeUser(db),
      await makeUser(db, { credits: 0 }),
    ];
    const room = await makeRoom(db, owner!, { members: [b!] });
    const refusals: Array<[string, Room, User, Partial<AcceptStepInput>]> = [
      ['NOT_FOUND', room, stranger!, {}],
      ['NOT_FOUND', { ...room, id: randomUUID() }, owner!, {}],
      ['NOT_YOUR_TURN', room, b!, {}],
      ['STALE_TURN', room, owner!, { turnNonce: randomUUID() }],
    ];
    for (const [code, target, user, overrides] of refusals) {
      const before = await snapshot(db, room, user);
      expect(await acceptStep(db, acceptInput(target, user, overrides))).toEqual({ ok: false, code });
      expect(await snapshot(db, room, user)).toEqual(before);
    }

    const poorRoom = await makeRoom(db, poor!);
    const poorBefore = await snapshot(db, poorRoom, poor!);
    expect(await acceptStep(db, acceptInput(poorRoom, poor!))).toEqual({
      ok: false,
      code: 'INSUFFICIENT_CREDITS',
    });
    expect(await snapshot(db, poorRoom, poor!)).toEqual(poorBefore);

    const narrow = await makeRoom(db, owner!, { limits: { maxWidth: 1024, maxHeight: 1536 } });
    const narrowBefore = await snapshot(db, narrow, owner!);
    expect(await acceptStep(db, acceptInput(narrow, owner!, { direction: 'left' }))).toEqual({
      ok: false,
      code: 'CANVAS_LIMIT',
    });
    expect(await snapshot(db, narrow, owner!)).toEqual(narrowBefore);
    expect(await acceptStep(db, acceptInput(narrow, owner!, { direction: 'down' }))).toMatchObject({
      ok: true,
    });

    const folded = await makeRoom(db, owner!, { mode: 'folded', direction: 'down' });
    const foldedBefore = await snapshot(db, folded, owner!);
    for (const direction of ['right', 'left', 'up'] as Direction[]) {
      expect(await acceptStep(db, acceptInput(folded, owner!, { direction }))).toEqual({
        ok: false,
        code: 'DIRECTION_NOT_ALLOWED',
      });
    }
    expect(await snapshot(db, folded, owner!)).toEqual(foldedBefore);

    const busy = await makeRoom(db, owner!);
    await accepted(db, busy, owner!);
    const busyBefore = await snapshot(db, busy, owner!);
    expect(await acceptStep(db, acceptInput(busy, owner!))).toEqual({ ok: false, code: 'ROOM_BUSY' });
    expect(await snapshot(db, busy, owner!)).toEqual(busyBefore);

    const done = await makeRoom(db, owner!);
    await finishRoom(db, { roomId: done.id, actorId: owner!.id });
    const doneBefore = await snapshot(db, done, owner!);
    expect(await acceptStep(db, acceptInput(done, owner!))).toEqual({ ok: false, code: 'ROOM_FINISHED' });
    expect(await snapshot(db, done, owner!)).toEqual(doneBefore);
  });

  it('the database allows at most one running step per room', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    const step = await accepted(db, room, owner);
    const {
      id: _id,
      fencingToken: _token,
      ...copy
    } = (await db.select().from(steps).where(eq(steps.id, step.id)))[0]!;
    const error = await db
      .insert(steps)
      .values({ ...copy, number: 99, idempotencyKey: 'another' })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'steps_one_running_per_room')).toBe(true);
  });

  it('commits: version head+1 holding only the changed cells, every version readable, turn passes and wraps', async () => {
    const { db } = get();
    const [owner, b] = [await makeUser(db), await makeUser(db)];
    const room = await makeRoom(db, owner!, { members: [b!] });
    const step = await accepted(db, room, owner!);
    const done = await commit(db, step, 'one');
    expect(done.canvas).toEqual({ x: 0, y: 0, width: 1536, height: 1024, version: 1 });
    expect(done.roomFinished).toBe(false);
    expect(done.step).toMatchObject({
      status: 'committed',
      after: { x: 0, y: 0, width: 1536, height: 1024, version: 1 },
      provider: 'mock',
      model: 'mock-1',
      record: { tag: 'one' },
    });
    expect(done.step.finishedAt).toBeInstanceOf(Date);

    // Only the changed cells were written for version 1 (the feather reaches into column 1, not 0).
    const written = await db
      .select({ cx: canvasCells.cx, cy: canvasCells.cy })
      .from(canvasCells)
      .where(and(eq(canvasCells.roomId, room.id), eq(canvasCells.version, 1)));
    expect(written.map((c) => `${c.cx},${c.cy}`).sort()).toEqual(['1,0', '1,1', '2,0', '2,1']);
    const v1 = await getCells(db, room.id, 1, { level: 0 });
    expect(v1.map((c) => c.blobKey)).toEqual([
      'cells/start-0-0.png',
      'cells/one-1-0.png',
      'cells/one-2-0.png',
      'cells/start-0-1.png',
      'cells/one-1-1.png',
      'cells/one-2-1.png',
    ]);
    const v0 = await getCells(db, room.id, 0, { level: 0 });
    expect(v0.map((c) => c.blobKey)).toEqual([
      'cells/start-0-0.png',
      'cells/start-1-0.png',
      'cells/start-0-1.png',
      'cells/start-1-1.png',
    ]);
    expect(await getCanvasVersion(db, room.id, 0)).toMatchObject({ width: 1024, version: 0 });
    expect(await getCanvasVersion(db, room.id)).toMatchObject({ width: 1536, version: 1, stepId: step.id });

    const afterFirst = (await getRoom(db, room.id))!;
    expect(afterFirst.canvas).toEqual(done.canvas);
    expect(afterFirst.activeStep).toBeNull();
    expect(afterFirst.turn).toMatchObject({ seat: 1, userId: b!.id, number: 2 });
    expect(afterFirst.turn.nonce).not.toBe(room.turn.nonce);

    const second = await accepted(db, afterFirst, b!, { direction: 'up' });
    expect(second.before).toEqual(done.canvas);
    expect(second.number).toBe(2);
    await commit(db, second, 'two');
    const afterSecond = (await getRoom(db, room.id))!;
    expect(afterSecond.turn).toMatchObject({ seat: 0, userId: owner!.id, number: 3 });
    expect(afterSecond.canvas).toEqual({ x: 0, y: -512, width: 1536, height: 1536, version: 2 });
    const v2 = await getCells(db, room.id, 2, {
      level: 0,
      range: { minCx: 0, maxCx: 0, minCy: -1, maxCy: 0 },
    });
    expect(v2.map((c) => c.blobKey)).toEqual(['cells/two-0--1.png', 'cells/two-0-0.png']);
    const picked = await getCells(db, room.id, 1, {
      level: 0,
      cells: [
        { cx: 2, cy: 1 },
        { cx: 0, cy: 0 },
      ],
    });
    expect(picked.map((c) => c.blobKey)).toEqual(['cells/start-0-0.png', 'cells/one-2-1.png']);
    expect(await getTopLevel(db, room.id, 2)).toBe(0);
    const keys = await listCellBlobKeys(db, { limit: 100_000 });
    expect(keys).toContain('cells/one-2-1.png');
    expect(keys).toEqual([...keys].sort());
    expect((await listSteps(db, room.id)).map((s) => s.number)).toEqual([2, 1]);
    expect((await listSteps(db, room.id, { before: 2 })).map((s) => s.id)).toEqual([step.id]);
    expect((await latestCommittedStep(db, room.id))?.id).toBe(second.id);
    expect(await latestCommittedStep(db, randomUUID())).toBeNull();
    expect(await latestCommittedStep(db, 'not-a-uuid')).toBeNull();
    // Several levels in one round trip: the same answers as one getCells per level, newest
    // row ≤ the version per cell (pyramid rows at two versions, plus a cell nobody wrote).
    const pyramidRow = (version: number, level: number, cx: number, cy: number) => ({
      roomId: room.id,
      version,
      level,
      cx,
      cy,
      blobKey: `cells/p${version}-${level}-${cx}-${cy}.png`,
      sha256: `p${version}:${level}:${cx}:${cy}`,
    });
    await db
      .insert(canvasCells)
      .values([
        pyramidRow(0, 1, 0, 0),
        pyramidRow(1, 1, 0, 0),
        pyramidRow(0, 1, 1, 0),
        pyramidRow(0, 2, 0, 0),
      ]);
    const asked = [
      { level: 2, cells: [{ cx: 0, cy: 0 }] },
      {
        level: 0,
        cells: [
          { cx: 2, cy: 1 },
          { cx: 0, cy: 0 },
          { cx: 9, cy: 9 },
        ],
      },
      {
        level: 1,
        cells: [
          { cx: 1, cy: 0 },
          { cx: 0, cy: 0 },
        ],
      },
    ];
    for (const version of [0, 1]) {
      const together = await getCellsAtLevels(db, room.id, version, asked);
      const separately = [];
      for (const level of [0, 1, 2]) {
        const { cells } = asked.find((a) => a.level === level)!;
        separately.push(...(await getCells(db, room.id, version, { level, cells })));
      }
      expect(together).toEqual(separately);
    }
    expect((await getCellsAtLevels(db, room.id, 1, asked)).map((c) => c.blobKey)).toContain(
      'cells/p1-1-0-0.png',
    );
    expect(await getCellsAtLevels(db, room.id, 1, [{ level: 0, cells: [] }])).toEqual([]);
  });

  it('finishes the room when a commit reaches maxTurns', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner, { maxTurns: 1 });
    const done = await commit(db, await accepted(db, room, owner));
    expect(done.roomFinished).toBe(true);
    const loaded = (await getRoom(db, room.id))!;
    expect(loaded.status).toBe('finished');
    expect(await acceptStep(db, acceptInput(loaded, owner))).toEqual({ ok: false, code: 'ROOM_FINISHED' });
  });

  it('fences a late commit: wrong token, expired lease, or no longer running — nothing changes', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    const step = await accepted(db, room, owner);
    const after = planStep(step.before, step.direction).after;
    const base = { stepId: step.id, after, cells: changedCells(step, 'late') };
    expect(await commitStep(db, { ...base, fencingToken: step.fencingToken + 1 })).toEqual({
      ok: false,
      code: 'FENCED',
    });
    expect(
      await heartbeatStep(db, { stepId: step.id, fencingToken: step.fencingToken + 1, leaseSeconds: 60 }),
    ).toBe(false);
    expect(
      await heartbeatStep(db, { stepId: step.id, fencingToken: step.fencingToken, leaseSeconds: 60 }),
    ).toBe(true);
    await expect(
      commitStep(db, { ...base, fencingToken: step.fencingToken, after: { ...after, width: 2048 } }),
    ).rejects.toBeInstanceOf(StoreError);

    const expiring = await makeRoom(db, owner);
    const lapsed = await accepted(db, expiring, owner, { leaseSeconds: 0 });
    expect(
      await commitStep(db, {
        stepId: lapsed.id,
        fencingToken: lapsed.fencingToken,
        after: planStep(lapsed.before, lapsed.direction).after,
        cells: changedCells(lapsed, 'lapsed'),
      }),
    ).toEqual({ ok: false, code: 'FENCED' });
    expect(
      await heartbeatStep(db, { stepId: lapsed.id, fencingToken: lapsed.fencingToken, leaseSeconds: 60 }),
    ).toBe(false);
    expect((await getRoom(db, expiring.id))?.canvas.version).toBe(0);

    await commit(db, step);
    expect(await commitStep(db, { ...base, fencingToken: step.fencingToken })).toEqual({
      ok: false,
      code: 'FENCED',
    });
    expect((await getRoom(db, room.id))?.canvas.version).toBe(1);
  });

  it('fails a step: refunded exactly once, canvas and turn unchanged, the same player may retry', async () => {
    const { db } = get();
    const owner = await makeUser(db, { credits: 5 });
    const room = await makeRoom(db, owner);
    const step = await accepted(db, room, owner, { tileCost: 3 });
    expect(await getBalance(db, owner.id)).toBe(2);
    const failed = await failStep(db, {
      stepId: step.id,
      fencingToken: step.fencingToken,
      code: 'GENERATOR_TRANSIENT',
      message: 'the generator timed out',
      record: { attempts: 3 },
    });
    expect(failed).toMatchObject({
      ok: true,
      refunded: true,
      step: { status: 'failed', error: { code: 'GENERATOR_TRANSIENT', message: 'the generator timed out' } },
    });
    expect(
      await failStep(db, { stepId: step.id, fencingToken: step.fencingToken, code: 'X', message: 'x' }),
    ).toEqual({
      ok: false,
      code: 'FENCED',
    });
    expect(await abortStep(db, { stepId: step.id, code: 'OPERATOR_ABORT' })).toEqual({
      ok: false,
      code: 'NOT_RUNNING',
    });
    expect(await getBalance(db, owner.id)).toBe(5);
    expect(await ledgerSum(db, owner.id)).toBe(5);
    const loaded = (await getRoom(db, room.id))!;
    expect(loaded.turn).toEqual(room.turn);
    expect(loaded.canvas).toEqual(room.canvas);
    expect(loaded.activeStep).toBeNull();
    // A failed step is no canvas' source: the room has none committed yet.
    expect(await latestCommittedStep(db, room.id)).toBeNull();
    expect((await listSteps(db, room.id, { status: 'failed' })).map((s) => s.number)).toEqual([1]);
    expect(await listSteps(db, room.id, { status: 'committed' })).toEqual([]);
    const retry = await accepted(db, loaded, owner, { tileCost: 3 });
    expect(retry.number).toBe(2);
    await commit(db, retry);
    expect((await latestCommittedStep(db, room.id))?.id).toBe(retry.id);
  });

  it('the database refuses a second refund for a step', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    const step = await accepted(db, room, owner);
    await failStep(db, {
      stepId: step.id,
      fencingToken: step.fencingToken,
      code: 'DECODE_ERROR',
      message: 'bad',
    });
    const error = await db
      .insert(creditLedger)
      .values({ userId: owner.id, delta: step.cost, reason: 'refund', stepId: step.id })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'credit_ledger_step_reason_key')).toBe(true);
    expect(await ledgerSum(db, owner.id)).toBe(await getBalance(db, owner.id));
  });

  it('a refund already in the ledger (another replica won) makes a later abort refund nothing', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    const step = await accepted(db, room, owner);
    // The other replica's refund entry landed; its status update is what we are racing.
    await db.insert(creditLedger).values({ userId: owner.id, delta: 0, reason: 'refund', stepId: step.id });
    const aborted = await abortStep(db, { stepId: step.id, code: 'LEASE_EXPIRED' });
    expect(aborted).toMatchObject({ ok: true, refunded: false, step: { status: 'aborted' } });
    expect(await getBalance(db, owner.id)).toBe(24);
    expect(await ledgerSum(db, owner.id)).toBe(24);
  });

  it('a commit after the turn was skipped meanwhile does not move the turn a second time', async () => {
    const { db } = get();
    const [owner, b, c] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    const room = await makeRoom(db, owner!, { members: [b!, c!] });
    const step = await accepted(db, room, owner!);
    const skipped = await skipTurn(db, { roomId: room.id, turnNonce: room.turn.nonce, actorId: owner!.id });
    if (!skipped.ok) throw new Error(skipped.code);
    await commit(db, step);
    const loaded = (await getRoom(db, room.id))!;
    expect(loaded.canvas.version).toBe(1);
    expect(loaded.turn).toEqual(skipped.room.turn);
  });

  it('an operator abort refunds once, unlocks the room and is audited', async () => {
    const { db } = get();
    const [admin, owner] = [await makeUser(db, { role: 'admin' }), await makeUser(db)];
    const room = await makeRoom(db, owner!);
    const step = await accepted(db, room, owner!);
    const aborted = await abortStep(db, { stepId: step.id, code: 'OPERATOR_ABORT', actorId: admin!.id });
    expect(aborted).toMatchObject({
      ok: true,
      refunded: true,
      step: { status: 'aborted', error: { code: 'OPERATOR_ABORT' } },
    });
    expect(await abortStep(db, { stepId: step.id, code: 'OPERATOR_ABORT', actorId: admin!.id })).toEqual({
      ok: false,
      code: 'NOT_RUNNING',
    });
    expect(await abortStep(db, { stepId: randomUUID(), code: 'OPERATOR_ABORT' })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await getBalance(db, owner!.id)).toBe(25);
    expect((await getRoom(db, room.id))?.activeStep).toBeNull();
    const audit = (await listAudit(db, { limit: 1000 })).filter((a) => a.targetId === step.id);
    expect(audit).toMatchObject([
      { action: 'step.abort', actorId: admin!.id, data: { code: 'OPERATOR_ABORT' } },
    ]);
    // The lost worker's late commit is refused.
    expect(
      await commitStep(db, {
        stepId: step.id,
        fencingToken: step.fencingToken,
        after: planStep(step.before, step.direction).after,
        cells: [],
      }),
    ).toEqual({ ok: false, code: 'FENCED' });
  });

  it('expires lapsed leases: aborted and refunded exactly once, live leases untouched', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const lapsedRoom = await makeRoom(db, owner);
    const liveRoom = await makeRoom(db, owner);
    const lapsed = await accepted(db, lapsedRoom, owner, { leaseSeconds: 0 });
    const live = await accepted(db, liveRoom, owner, { leaseSeconds: 600 });
    expect(await getBalance(db, owner.id)).toBe(23);
    const expired = await expireLeases(db);
    expect(expired.map((s) => s.id)).toContain(lapsed.id);
    expect(expired.map((s) => s.id)).not.toContain(live.id);
    expect(expired.find((s) => s.id === lapsed.id)).toMatchObject({
      status: 'aborted',
      error: { code: 'LEASE_EXPIRED' },
    });
    expect((await expireLeases(db)).map((s) => s.id)).not.toContain(lapsed.id);
    expect(await getBalance(db, owner.id)).toBe(24);
    // A sweep "from the future" sees the live lease as lapsed too.
    const later = await expireLeases(db, { now: new Date(Date.now() + 3_600_000) });
    expect(later.map((s) => s.id)).toContain(live.id);
    expect(await getBalance(db, owner.id)).toBe(25);
    expect(await ledgerSum(db, owner.id)).toBe(25);
    const refunds = (await listLedger(db, owner.id)).filter((e) => e.reason === 'refund');
    expect(refunds.map((e) => e.stepId).sort()).toEqual([lapsed.id, live.id].sort());
  });
});
