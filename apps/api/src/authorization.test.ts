import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from './testing/client.js';
import { createHarness, type Harness, type SignedIn } from './testing/harness.js';
import { realPipeline } from './testing/pipeline.js';
import { snapshot } from './testing/snapshot.js';

type Actor = 'anonymous' | 'outsider' | 'bystander' | 'onTurn' | 'owner' | 'admin';
const ACTORS: Actor[] = ['anonymous', 'outsider', 'bystander', 'onTurn', 'owner', 'admin'];

/**
 * Who may do what, route by route. The room has an owner (seat 0), a member holding the turn
 * (seat 1, after the owner skipped) and a bystander (seat 2); the outsider and the admin are not
 * members. Requests are probes that never succeed in changing anything (a stale nonce, an absent
 * member, a non-running step), so the expected status tells how far authorization let the caller
 * through, and every answer must leave the database exactly as it was.
 */
describe('authorization matrix', () => {
  let h: Harness;
  const who = {} as Record<Actor, SignedIn | null>;
  let roomId = '';
  let staleNonce = '';
  let stepId = '';

  beforeAll(async () => {
    h = await createHarness({ pipeline: realPipeline });
    const [owner, onTurn, bystander, outsider, admin] = await Promise.all([
      h.player('Owner'),
      h.player('OnTurn'),
      h.player('Bystander'),
      h.player('Outsider'),
      h.player('Admin', { admin: true }),
    ]);
    Object.assign(who, { anonymous: null, owner, onTurn, bystander, outsider, admin });
    const form = new FormData();
    form.append('name', 'Matrix');
    const created = await owner.client.send('POST', '/api/rooms', { body: form });
    expect(created.status).toBe(201);
    roomId = created.data.room.id;
    const code = created.data.room.inviteCode;
    await onTurn.client.post('/api/rooms/join', { inviteCode: code });
    await bystander.client.post('/api/rooms/join', { inviteCode: code });
    // The owner plays one step, so there is history and the turn passes to seat 1.
    const step = await owner.client.post(
      `/api/rooms/${roomId}/steps`,
      { direction: 'right', prompt: 'first', turnNonce: created.data.room.turn.nonce },
      { headers: { 'Idempotency-Key': crypto.randomUUID() } },
    );
    expect(step.status).toBe(202);
    stepId = step.data.step.id;
    staleNonce = created.data.room.turn.nonce;
    for (let i = 0; i < 200; i++) {
      const room = await owner.client.get(`/api/rooms/${roomId}`);
      if (room.data.room.activeStep === null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const room = await owner.client.get(`/api/rooms/${roomId}`);
    expect(room.data.room.turn.userId).toBe(onTurn.id);
  }, 120_000);
  afterAll(() => h.close());

  const stepBody = () => ({ direction: 'right', prompt: 'probe', turnNonce: staleNonce });
  const routes: Array<{
    name: string;
    method: string;
    path: () => string;
    json?: () => unknown;
    headers?: Record<string, string>;
    expect: Record<Actor, number>;
  }> = [
    {
      name: 'GET room',
      method: 'GET',
      path: () => `/api/rooms/${roomId}`,
      expect: { anonymous: 401, outsider: 404, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    {
      name: 'GET rooms',
      method: 'GET',
      path: () => '/api/rooms',
      expect: { anonymous: 401, outsider: 200, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    {
      name: 'GET history',
      method: 'GET',
      path: () => `/api/rooms/${roomId}/steps`,
      expect: { anonymous: 401, outsider: 404, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    {
      name: 'GET step',
      method: 'GET',
      path: () => `/api/steps/${stepId}`,
      expect: { anonymous: 401, outsider: 404, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    {
      name: 'GET canvas',
      method: 'GET',
      path: () => `/api/rooms/${roomId}/canvas`,
      expect: { anonymous: 401, outsider: 404, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    {
      name: 'GET tile',
      method: 'GET',
      path: () => `/api/rooms/${roomId}/tiles/0/0/0.png`,
      expect: { anonymous: 401, outsider: 404, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    // The tile route checks room access only when refusing: outsiders still learn nothing.
    {
      name: 'GET tile (bad version)',
      method: 'GET',
      path: () => `/api/rooms/${roomId}/tiles/0/0/0.png?v=abc`,
      expect: { anonymous: 401, outsider: 404, bystander: 400, onTurn: 400, owner: 400, admin: 400 },
    },
    {
      name: 'GET tile (outside the canvas)',
      method: 'GET',
      path: () => `/api/rooms/${roomId}/tiles/0/900/900.png`,
      expect: { anonymous: 401, outsider: 404, bystander: 404, onTurn: 404, owner: 404, admin: 404 },
    },
    {
      name: 'GET export',
      method: 'GET',
      path: () => `/api/rooms/${roomId}/canvas.png`,
      expect: { anonymous: 401, outsider: 404, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    // Stale nonce: the on-turn member gets as far as the nonce check; the others stop earlier.
    {
      name: 'POST step (stale nonce)',
      method: 'POST',
      path: () => `/api/rooms/${roomId}/steps`,
      json: stepBody,
      headers: { 'Idempotency-Key': '8d0c6f7e-0000-4000-8000-000000000001' },
      expect: { anonymous: 401, outsider: 404, bystander: 403, onTurn: 409, owner: 403, admin: 404 },
    },
    {
      name: 'POST skip-turn (stale nonce)',
      method: 'POST',
      path: () => `/api/rooms/${roomId}/skip-turn`,
      json: () => ({ turnNonce: staleNonce }),
      expect: { anonymous: 401, outsider: 404, bystander: 403, onTurn: 403, owner: 409, admin: 409 },
    },
    {
      name: 'DELETE member (not a member)',
      method: 'DELETE',
      path: () => `/api/rooms/${roomId}/members/${who.outsider?.id}`,
      expect: { anonymous: 401, outsider: 404, bystander: 403, onTurn: 403, owner: 404, admin: 404 },
    },
    {
      name: 'GET credits',
      method: 'GET',
      path: () => '/api/me/credits',
      expect: { anonymous: 401, outsider: 200, bystander: 200, onTurn: 200, owner: 200, admin: 200 },
    },
    {
      name: 'POST admin abort (not running)',
      method: 'POST',
      path: () => `/api/admin/steps/${stepId}/abort`,
      expect: { anonymous: 401, outsider: 403, bystander: 403, onTurn: 403, owner: 403, admin: 409 },
    },
    {
      name: 'POST admin credits (invalid delta)',
      method: 'POST',
      path: () => `/api/admin/users/${who.owner?.id}/credits`,
      json: () => ({ delta: 0, reason: 'probe' }),
      expect: { anonymous: 401, outsider: 403, bystander: 403, onTurn: 403, owner: 403, admin: 400 },
    },
  ];

  for (const route of routes) {
    for (const actor of ACTORS) {
      it(`${route.name} as ${actor} → ${route.expect[actor]}`, async () => {
        const client: TestClient = who[actor]?.client ?? h.client();
        const before = await snapshot(h.database);
        const res = await client.send(route.method, route.path(), {
          ...(route.json ? { json: route.json() } : {}),
          headers: { ...route.headers },
        });
        expect(res.status).toBe(route.expect[actor]);
        if (res.status >= 400) expect(res.data.error.code).toEqual(expect.any(String));
        // Room reads answer an outsider as if the room did not exist, whatever else is wrong.
        if (actor === 'outsider' && route.path().startsWith(`/api/rooms/${roomId}/`)) {
          expect(res.data.error.message).toBe('Room not found');
        }
        const after = await snapshot(h.database);
        // Reads by admins are audited by design; everything else must be untouched.
        expect({ ...after, audit: [] }).toEqual({ ...before, audit: [] });
        if (actor !== 'admin') expect(after.audit).toEqual(before.audit);
      });
    }
  }

  it('finish: only the owner and admins (the last probe, since it changes the room)', async () => {
    for (const actor of ['anonymous', 'outsider', 'bystander', 'onTurn'] as const) {
      const before = await snapshot(h.database);
      const res = await (who[actor]?.client ?? h.client()).post(`/api/rooms/${roomId}/finish`);
      expect(res.status, actor).toBe(actor === 'anonymous' ? 401 : actor === 'outsider' ? 404 : 403);
      expect(await snapshot(h.database)).toEqual(before);
    }
    expect((await who.owner!.client.post(`/api/rooms/${roomId}/finish`)).status).toBe(200);
    expect((await who.admin!.client.post(`/api/rooms/${roomId}/finish`)).status).toBe(200);
  });
});
