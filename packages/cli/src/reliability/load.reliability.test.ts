import { randomUUID } from 'node:crypto';
import { getRoom } from '@exquisite/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makePlayedRoom,
  openReliabilityWorld,
  type ReliabilityWorld,
  settle,
  settleAllAndAudit,
} from './harness.js';

const ROOMS = 6;
const PLAYERS = 3;
const ROUNDS = 3;

/**
 * Many players in many rooms, two replicas (two pipelines on one Postgres), every turn raced:
 * the current player sends the same request twice at once (a double click) through both
 * replicas, plus a second request with another key; another player tries to play out of turn.
 * Exactly one step may start per room and turn; duplicates replay it; nobody is charged twice.
 */
describe('load: many rooms, duplicate and concurrent submissions', () => {
  let world: ReliabilityWorld;
  beforeAll(async () => {
    world = await openReliabilityWorld();
  });
  afterAll(() => world.close());

  it(`${ROOMS} rooms × ${PLAYERS} players × ${ROUNDS} rounds, every turn raced from two replicas`, async () => {
    // Leases long enough for a saturated 2-core machine: with 2 s leases, 6 concurrent mock
    // generations stall the event loop past the lease and some steps end LEASE_EXPIRED (still
    // refunded and consistent — the fault suites cover that; here every step should commit).
    const replicas = [world.pipeline({ leaseSeconds: 20 }), world.pipeline({ leaseSeconds: 20 })];
    const rooms = await Promise.all(Array.from({ length: ROOMS }, () => makePlayedRoom(world, PLAYERS, 50)));
    const tally: Record<string, number> = {};
    const count = (key: string) => {
      tally[key] = (tally[key] ?? 0) + 1;
    };

    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        rooms.map(async (room) => {
          const state = await getRoom(world.database.db, room.roomId);
          const seat = state!.turn.seat ?? 0;
          const player = room.users[seat]!;
          const other = room.users[(seat + 1) % PLAYERS]!;
          const key = randomUUID();
          const base = {
            roomId: room.roomId,
            direction: 'right' as const,
            prompt: `round ${round}`,
            turnNonce: state!.turn.nonce,
          };
          const outcomes = await Promise.all([
            replicas[0]!.submitStep({ ...base, userId: player.id, idempotencyKey: key }),
            replicas[1]!.submitStep({ ...base, userId: player.id, idempotencyKey: key }),
            replicas[1]!.submitStep({ ...base, userId: player.id, idempotencyKey: randomUUID() }),
            replicas[0]!.submitStep({ ...base, userId: other.id, idempotencyKey: randomUUID() }),
          ]);
          const [a, b, c, d] = outcomes;
          // Exactly one key wins the turn: its answers (both, for the double click) name one
          // step, exactly one of them fresh; every other request on the turn is ROOM_BUSY.
          const raced = [a, b, c];
          const winners = raced.filter((o) => o.ok);
          expect(new Set(winners.map((o) => (o.ok ? o.stepId : ''))).size).toBe(1);
          expect(winners.filter((o) => o.ok && !o.replay)).toHaveLength(1);
          for (const loser of raced.filter((o) => !o.ok)) expect(loser).toMatchObject({ code: 'ROOM_BUSY' });
          if (c.ok)
            expect([a, b]).toEqual([
              { ok: false, code: 'ROOM_BUSY' },
              { ok: false, code: 'ROOM_BUSY' },
            ]);
          else expect(a.ok && b.ok).toBe(true);
          // The player out of turn is refused whatever happens.
          expect(d).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
          for (const outcome of outcomes)
            count(outcome.ok ? (outcome.replay ? 'replay' : 'accepted') : outcome.code);
          const winner = winners[0]!;
          const step = await settle(world, winner.ok ? winner.stepId : '', 60_000);
          count(step.status === 'committed' ? 'committed' : `${step.status}:${step.error?.code}`);
        }),
      );
    }

    expect(tally.committed).toBe(ROOMS * ROUNDS);
    expect(tally.accepted).toBe(ROOMS * ROUNDS);
    expect((tally.replay ?? 0) + (tally.ROOM_BUSY ?? 0)).toBe(2 * ROOMS * ROUNDS);
    expect(tally.NOT_YOUR_TURN).toBe(ROOMS * ROUNDS);
    for (const room of rooms)
      expect((await getRoom(world.database.db, room.roomId))!.canvas.version).toBe(ROUNDS);
  });

  it('afterwards the database and blob store pass the invariant audit', async () => {
    const report = await settleAllAndAudit(world);
    expect(report.violations).toEqual([]);
    expect(report.versions).toBe(ROOMS * (ROUNDS + 1));
  });
});
