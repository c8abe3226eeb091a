import { expect, it } from 'vitest';
import { canvasVersions } from '../schema/index.js';
import { forEachEngine } from '../testing/engines.js';
import { makeRoom, makeUser } from '../testing/fixtures.js';
import { getReadableCanvas } from './reads.js';
import { finishRoom, removeMember } from './rooms.js';

forEachEngine('getReadableCanvas', (get) => {
  it('reports the room, membership and the head version rect in one answer', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const outsider = await makeUser(db);
    const room = await makeRoom(db, owner);
    expect(await getReadableCanvas(db, room.id, owner.id)).toEqual({
      roomId: room.id,
      mode: 'open',
      status: 'open',
      direction: null,
      head: 0,
      isMember: true,
      canvas: { version: 0, x: 0, y: 0, width: 1024, height: 1024 },
    });
    expect(await getReadableCanvas(db, room.id, outsider.id)).toMatchObject({ isMember: false, head: 0 });
    // A malformed user id is simply not a member (admins are decided by the caller).
    expect(await getReadableCanvas(db, room.id, 'not-a-uuid')).toMatchObject({ isMember: false });
  });

  it('looks up a pinned version, and reports a missing one as null while the room exists', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    // A later version row (as a committed step would leave) that is not the head.
    await db
      .insert(canvasVersions)
      .values({ roomId: room.id, version: 1, x: 0, y: -512, width: 1024, height: 1536, stepId: null });
    expect((await getReadableCanvas(db, room.id, owner.id, 1))?.canvas).toEqual({
      version: 1,
      x: 0,
      y: -512,
      width: 1024,
      height: 1536,
    });
    expect(await getReadableCanvas(db, room.id, owner.id, 0)).toMatchObject({
      head: 0,
      canvas: { version: 0, height: 1024 },
    });
    expect(await getReadableCanvas(db, room.id, owner.id, 7)).toMatchObject({ head: 0, canvas: null });
  });

  it('returns null for unknown and malformed rooms', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    expect(await getReadableCanvas(db, crypto.randomUUID(), owner.id)).toBeNull();
    expect(await getReadableCanvas(db, 'nope', owner.id)).toBeNull();
  });

  it('follows folded-mode state and membership changes as they happen', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const player = await makeUser(db);
    const room = await makeRoom(db, owner, { mode: 'folded', direction: 'right', members: [player] });
    expect(await getReadableCanvas(db, room.id, player.id)).toMatchObject({
      mode: 'folded',
      status: 'open',
      direction: 'right',
      isMember: true,
    });
    expect((await removeMember(db, { roomId: room.id, userId: player.id, actorId: owner.id })).ok).toBe(true);
    expect(await getReadableCanvas(db, room.id, player.id)).toMatchObject({ isMember: false });
    expect((await finishRoom(db, { roomId: room.id, actorId: owner.id })).ok).toBe(true);
    expect(await getReadableCanvas(db, room.id, owner.id)).toMatchObject({
      status: 'finished',
      isMember: true,
    });
  });
});
