import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/types.js';
import { steps } from '../schema/index.js';
import { openTestDatabase } from '../testing/engines.js';
import { makeRoom, makeUser } from '../testing/fixtures.js';
import { ledgerSum } from '../testing/ledger.js';
import { getBalance, listLedger } from './credits.js';
import { acceptStep, expireLeases } from './steps.js';

// Races need real concurrent connections: only the server engine can show them.
describe('concurrency on a real PostgreSQL server', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await database.close();
  });

  it('50 simultaneous accepts for one turn (distinct keys): exactly one running step and one debit', async () => {
    const { db } = database;
    const owner = await makeUser(db, { credits: 100 });
    const room = await makeRoom(db, owner);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        acceptStep(db, {
          roomId: room.id,
          userId: owner.id,
          direction: 'right',
          prompt: 'race',
          turnNonce: room.turn.nonce,
          idempotencyKey: randomUUID(),
          requestHash: 'h',
          leaseSeconds: 60,
          tileCost: 1,
        }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'ROOM_BUSY')).toBe(true);
    const [running] = await db.select({ n: count() }).from(steps).where(eq(steps.roomId, room.id));
    expect(running?.n).toBe(1);
    expect((await listLedger(db, owner.id)).filter((e) => e.reason === 'debit')).toHaveLength(1);
    expect(await getBalance(db, owner.id)).toBe(99);
    expect(await ledgerSum(db, owner.id)).toBe(99);
  });

  it('50 simultaneous retries of one idempotency key: one step, one debit, 49 replays', async () => {
    const { db } = database;
    const owner = await makeUser(db, { credits: 100 });
    const room = await makeRoom(db, owner);
    const input = {
      roomId: room.id,
      userId: owner.id,
      direction: 'down' as const,
      prompt: 'retry storm',
      turnNonce: room.turn.nonce,
      idempotencyKey: randomUUID(),
      requestHash: 'same-body',
      leaseSeconds: 60,
      tileCost: 1,
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => acceptStep(db, input)));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.step.id : null)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.replay)).toHaveLength(1);
    expect((await listLedger(db, owner.id)).filter((e) => e.reason === 'debit')).toHaveLength(1);
    expect(await getBalance(db, owner.id)).toBe(99);
    expect(await ledgerSum(db, owner.id)).toBe(99);
  });

  it('four concurrent sweeps (separate connections) refund each expired step exactly once', async () => {
    const { db } = database;
    const owner = await makeUser(db, { credits: 100 });
    const lapsed = [];
    for (let i = 0; i < 10; i++) {
      const room = await makeRoom(db, owner);
      const result = await acceptStep(db, {
        roomId: room.id,
        userId: owner.id,
        direction: 'left',
        prompt: 'lost worker',
        turnNonce: room.turn.nonce,
        idempotencyKey: randomUUID(),
        requestHash: 'h',
        leaseSeconds: 0,
        tileCost: 1,
      });
      if (result.ok) lapsed.push(result.step.id);
    }
    expect(lapsed).toHaveLength(10);
    expect(await getBalance(db, owner.id)).toBe(90);
    const sweeps = await Promise.all([
      expireLeases(db),
      expireLeases(db),
      expireLeases(db),
      expireLeases(db),
    ]);
    const swept = sweeps.flat().map((s) => s.id);
    expect(swept.sort()).toEqual([...lapsed].sort());
    expect(await getBalance(db, owner.id)).toBe(100);
    expect(await ledgerSum(db, owner.id)).toBe(100);
    expect((await listLedger(db, owner.id)).filter((e) => e.reason === 'refund')).toHaveLength(10);
  });
});
