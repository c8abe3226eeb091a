import { getUser, type Room } from '@exquisite/store';
import { makeRoom } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedIn } from '../testing/harness.js';
import { sseReader } from '../testing/sse.js';

describe('room events (SSE)', () => {
  let h: Harness;
  let owner: SignedIn;
  let guest: SignedIn;
  let room: Room;

  beforeAll(async () => {
    h = await createHarness();
    owner = await h.player('Owner');
    guest = await h.player('Guest');
    room = await makeRoom(h.database.db, (await getUser(h.database.db, owner.id))!);
  });
  afterAll(() => h.close());

  const open = async (who: SignedIn, headers: Record<string, string> = {}) => {
    const res = await h.app.request(`http://localhost/api/rooms/${room.id}/events`, {
      headers: { Cookie: who.client.cookie ?? '', ...headers },
    });
    return res;
  };

  it('is for members only: 401 anonymous, 404 outsiders', async () => {
    const anonymous = await h.app.request(`http://localhost/api/rooms/${room.id}/events`);
    expect(anonymous.status).toBe(401);
    const outsider = await open(guest);
    expect(outsider.status).toBe(404);
  });

  it('streams live events with ids, and replays what was missed after Last-Event-ID', async () => {
    const res = await open(owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/event-stream');
    const stream = sseReader(res);

    const joined = await guest.client.post('/api/rooms/join', { inviteCode: room.inviteCode });
    expect(joined.status).toBe(200);
    const first = await stream.next();
    expect(first.event).toBe('member.joined');
    expect(first.data).toMatchObject({ member: { userId: guest.id, seat: 1 }, room: { id: room.id } });
    const firstId = Number(first.id);
    expect(firstId).toBeGreaterThan(0);

    const skipped = await owner.client.post(`/api/rooms/${room.id}/skip-turn`, {
      turnNonce: room.turn.nonce,
    });
    expect(skipped.status).toBe(200);
    const second = await stream.next();
    expect(second.event).toBe('room.updated');
    expect(Number(second.id)).toBeGreaterThan(firstId);
    await stream.close();

    // Reconnect as if the first event was the last one received: the second comes again.
    const resumed = sseReader(await open(guest, { 'Last-Event-ID': String(firstId) }));
    const replayed = await resumed.next();
    expect(replayed.id).toBe(second.id);
    expect(replayed.event).toBe('room.updated');
    expect((replayed.data as { room: { turn: { seat: number } } }).room.turn.seat).toBe(1);
    await resumed.close();
  });

  it('closes the stream of a member who is removed', async () => {
    const stream = sseReader(await open(guest));
    expect((await owner.client.delete(`/api/rooms/${room.id}/members/${guest.id}`)).status).toBe(200);
    await expect(stream.next()).rejects.toThrow('SSE stream ended');
  });
});
