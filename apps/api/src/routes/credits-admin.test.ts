import { getBalance, getUser, listAudit, listLedger } from '@exquisite/store';
import { ledgerSum, makeRoom } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedIn } from '../testing/harness.js';

describe('credits and admin routes', () => {
  let h: Harness;
  let admin: SignedIn;
  let player: SignedIn;

  beforeAll(async () => {
    h = await createHarness();
    admin = await h.player('Admin', { admin: true });
    player = await h.player('Player');
  });
  afterAll(() => h.close());

  it('GET /api/me/credits: balance and ledger, newest first', async () => {
    const res = await player.client.get('/api/me/credits');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      balance: 25,
      entries: [
        { id: expect.any(String), delta: 25, reason: 'signup', stepId: null, createdAt: expect.any(String) },
      ],
    });
    expect((await h.client().get('/api/me/credits')).status).toBe(401);
  });

  it('an admin grants and removes credits; each adjustment is in the ledger and the audit log', async () => {
    const grant = await admin.client.post(`/api/admin/users/${player.id}/credits`, {
      delta: 10,
      reason: 'contest',
    });
    expect(grant.status).toBe(200);
    expect(grant.data.balance).toBe(35);
    const remove = await admin.client.post(`/api/admin/users/${player.id}/credits`, {
      delta: -5,
      reason: 'oops',
    });
    expect(remove.data.balance).toBe(30);
    const tooMuch = await admin.client.post(`/api/admin/users/${player.id}/credits`, {
      delta: -1000,
      reason: 'x',
    });
    expect(tooMuch.status).toBe(402);
    expect(tooMuch.data.error.code).toBe('INSUFFICIENT_CREDITS');
    expect(await getBalance(h.database.db, player.id)).toBe(30);
    expect(await ledgerSum(h.database.db, player.id)).toBe(30);
    const mine = await player.client.get('/api/me/credits');
    expect(mine.data.entries.map((e: { delta: number }) => e.delta)).toEqual([-5, 10, 25]);
    const audit = await listAudit(h.database.db);
    const adjustments = audit.filter((a) => a.action === 'credits.adjust' && a.targetId === player.id);
    expect(adjustments).toHaveLength(2);
    expect(adjustments.every((a) => a.actorId === admin.id)).toBe(true);
    const unknown = await admin.client.post('/api/admin/users/00000000-0000-4000-8000-000000000000/credits', {
      delta: 1,
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
  });

  it('look-ups list users, rooms, running steps and the audit log, and are audited', async () => {
    const owner = await getUser(h.database.db, player.id);
    const room = await makeRoom(h.database.db, owner!);
    const users = await admin.client.get('/api/admin/users');
    expect(users.status).toBe(200);
    expect(users.data.users.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([admin.id, player.id]),
    );
    const rooms = await admin.client.get('/api/admin/rooms?limit=10');
    expect(rooms.data.rooms.map((r: { id: string }) => r.id)).toContain(room.id);
    const steps = await admin.client.get('/api/admin/steps?status=running');
    expect(steps.status).toBe(200);
    expect(steps.data.steps).toEqual([]);
    const audit = await admin.client.get('/api/admin/audit?limit=50');
    expect(audit.status).toBe(200);
    const actions = audit.data.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['admin.list_users', 'admin.list_rooms', 'admin.list_steps']),
    );
  });

  it('players get 403 FORBIDDEN and anonymous callers 401 on every admin route, with nothing changed', async () => {
    const ledgerBefore = await listLedger(h.database.db, player.id);
    const auditBefore = await listAudit(h.database.db, { limit: 500 });
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/steps?status=running'],
      ['POST', '/api/admin/steps/00000000-0000-4000-8000-000000000000/abort'],
      ['POST', `/api/admin/users/${player.id}/credits`, { delta: 100, reason: 'self-service' }],
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/rooms'],
      ['GET', '/api/admin/audit'],
    ];
    for (const [method, path, json] of routes) {
      const asPlayer = await player.client.send(method, path, json === undefined ? {} : { json });
      expect(asPlayer.status, `${method} ${path}`).toBe(403);
      expect(asPlayer.data.error.code).toBe('FORBIDDEN');
      const anonymous = await h.client().send(method, path, json === undefined ? {} : { json });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(anonymous.data.error.code).toBe('UNAUTHENTICATED');
    }
    expect(await listLedger(h.database.db, player.id)).toEqual(ledgerBefore);
    expect(await listAudit(h.database.db, { limit: 500 })).toEqual(auditBefore);
  });
});
