import { getRoom, getUser, listAudit, type Room } from '@exquisite/store';
import { makeRoom } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedIn } from '../testing/harness.js';

// Room records come from the store's fixture here (no canvas bytes needed); creation through the
// pipeline is covered in play.test.ts.
describe('room routes', () => {
  let h: Harness;
  let owner: SignedIn;
  let guest: SignedIn;
  let outsider: SignedIn;
  let room: Room;

  const fixtureRoom = async (options: Parameters<typeof makeRoom>[2] = {}) => {
    const user = await getUser(h.database.db, owner.id);
    return makeRoom(h.database.db, user!, options);
  };

  beforeAll(async () => {
    h = await createHarness();
    owner = await h.player('Owner');
    guest = await h.player('Guest');
    outsider = await h.player('Outsider');
    room = await fixtureRoom();
  });
  afterAll(() => h.close());

  it('joins by invite code (case-insensitive), idempotently, and lists the room for members only', async () => {
    const first = await guest.client.post('/api/rooms/join', { inviteCode: room.inviteCode.toLowerCase() });
    expect(first.status).toBe(200);
    expect(first.data.room.members.map((m: { userId: string; seat: number }) => [m.userId, m.seat])).toEqual([
      [owner.id, 0],
      [guest.id, 1],
    ]);
    const again = await guest.client.post('/api/rooms/join', { inviteCode: room.inviteCode });
    expect(again.status).toBe(200);
    expect(again.data.room.members).toHaveLength(2);

    const list = await guest.client.get('/api/rooms');
    expect(list.data.rooms.map((r: { id: string }) => r.id)).toEqual([room.id]);
    expect((await outsider.client.get('/api/rooms')).data.rooms).toEqual([]);

    const events = await h.events.replay(room.id, 0);
    expect(events.map((e) => e.name)).toEqual(['member.joined']);
  });

  it('GET /api/rooms/:roomId gives the contract room shape to members, 404 to outsiders', async () => {
    const res = await guest.client.get(`/api/rooms/${room.id}`);
    expect(res.status).toBe(200);
    expect(res.data.room).toMatchObject({
      id: room.id,
      ownerId: owner.id,
      inviteCode: room.inviteCode,
      mode: 'open',
      direction: null,
      status: 'open',
      canvas: { x: 0, y: 0, width: 1024, height: 1024, version: 0 },
      turn: { number: 1, seat: 0, userId: owner.id, nonce: expect.any(String) },
      activeStep: null,
      limits: { maxWidth: 8192, maxHeight: 8192, maxTurns: null },
      settings: {
        featherPx: 128,
        colorMatch: true,
        prefill: 'smear',
        blend: 'feather',
        // The default for new rooms (docs/seams.md, "Decision").
        colorTransfer: 'hybrid',
        referenceHeadroom: true,
      },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const hidden = await outsider.client.get(`/api/rooms/${room.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.data.error.code).toBe('NOT_FOUND');
  });

  it('an unknown invite code is 404; a finished room cannot be joined (409 ROOM_FINISHED)', async () => {
    expect((await outsider.client.post('/api/rooms/join', { inviteCode: 'NOPE' })).status).toBe(404);
    const finished = await fixtureRoom();
    expect((await owner.client.post(`/api/rooms/${finished.id}/finish`)).status).toBe(200);
    const res = await outsider.client.post('/api/rooms/join', { inviteCode: finished.inviteCode });
    expect(res.status).toBe(409);
    expect(res.data.error.code).toBe('ROOM_FINISHED');
  });

  it('skip-turn: owner only, with the current nonce; a stale nonce is 409 STALE_TURN', async () => {
    const r = await fixtureRoom({ members: [(await getUser(h.database.db, guest.id))!] });
    const byGuest = await guest.client.post(`/api/rooms/${r.id}/skip-turn`, { turnNonce: r.turn.nonce });
    expect(byGuest.status).toBe(403);
    expect(byGuest.data.error.code).toBe('FORBIDDEN');
    const skipped = await owner.client.post(`/api/rooms/${r.id}/skip-turn`, { turnNonce: r.turn.nonce });
    expect(skipped.status).toBe(200);
    expect(skipped.data.room.turn).toMatchObject({ number: 2, seat: 1, userId: guest.id });
    expect(skipped.data.room.turn.nonce).not.toBe(r.turn.nonce);
    const stale = await owner.client.post(`/api/rooms/${r.id}/skip-turn`, { turnNonce: r.turn.nonce });
    expect(stale.status).toBe(409);
    expect(stale.data.error.code).toBe('STALE_TURN');
    const events = await h.events.replay(r.id, 0);
    expect(events.at(-1)?.name).toBe('room.updated');
    const audit = await listAudit(h.database.db);
    expect(audit.some((a) => a.action === 'room.skip_turn' && a.targetId === r.id)).toBe(true);
  });

  it('finish: owner only; members then see status finished', async () => {
    const r = await fixtureRoom({ members: [(await getUser(h.database.db, guest.id))!] });
    expect((await guest.client.post(`/api/rooms/${r.id}/finish`)).status).toBe(403);
    expect((await getRoom(h.database.db, r.id))?.status).toBe('open');
    const res = await owner.client.post(`/api/rooms/${r.id}/finish`);
    expect(res.status).toBe(200);
    expect(res.data.room.status).toBe('finished');
  });

  it('remove member: owner only; the removed player loses access; the owner cannot be removed', async () => {
    const r = await fixtureRoom({ members: [(await getUser(h.database.db, guest.id))!] });
    const byGuest = await guest.client.delete(`/api/rooms/${r.id}/members/${owner.id}`);
    expect(byGuest.status).toBe(403);
    const self = await owner.client.delete(`/api/rooms/${r.id}/members/${owner.id}`);
    expect(self.status).toBe(403);
    const absent = await owner.client.delete(`/api/rooms/${r.id}/members/${outsider.id}`);
    expect(absent.status).toBe(404);
    const removed = await owner.client.delete(`/api/rooms/${r.id}/members/${guest.id}`);
    expect(removed.status).toBe(200);
    expect(removed.data.room.members.map((m: { userId: string }) => m.userId)).toEqual([owner.id]);
    expect((await guest.client.get(`/api/rooms/${r.id}`)).status).toBe(404);
  });

  it('an admin may read and manage any room', async () => {
    const admin = await h.player('Admin', { admin: true });
    const r = await fixtureRoom();
    expect((await admin.client.get(`/api/rooms/${r.id}`)).status).toBe(200);
    expect(
      (await admin.client.post(`/api/rooms/${r.id}/skip-turn`, { turnNonce: r.turn.nonce })).status,
    ).toBe(200);
    expect((await admin.client.post(`/api/rooms/${r.id}/finish`)).status).toBe(200);
  });
});
