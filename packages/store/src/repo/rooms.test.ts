import { expect, it } from 'vitest';
import { isUniqueViolation } from '../db/pg-error.js';
import { colorTransfer, roomMembers } from '../schema/index.js';
import { forEachEngine } from '../testing/engines.js';
import { fakeCells, makeRoom, makeUser } from '../testing/fixtures.js';
import { ledgerSum } from '../testing/ledger.js';
import { listAudit } from './audit.js';
import { getCanvasVersion, getCells } from './canvas.js';
import { getBalance, listLedger } from './credits.js';
import {
  createRoom,
  DEFAULT_ROOM_COLOR_TRANSFER,
  findRoomByInviteCode,
  finishRoom,
  getRoom,
  isMember,
  joinRoom,
  listRooms,
  listRoomsForUser,
  removeMember,
  skipTurn,
} from './rooms.js';

forEachEngine('rooms', (get) => {
  it('creates a room: owner in seat 0 with the first turn, version 0 with its cells, defaults', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner, { name: 'Garden', maxTurns: 4 });
    expect(room).toMatchObject({
      name: 'Garden',
      ownerId: owner.id,
      mode: 'open',
      direction: null,
      status: 'open',
      canvas: { x: 0, y: 0, width: 1024, height: 1024, version: 0 },
      members: [{ userId: owner.id, seat: 0, displayName: owner.displayName }],
      turn: { number: 1, seat: 0, userId: owner.id },
      activeStep: null,
      limits: { maxWidth: 8192, maxHeight: 8192, maxTurns: 4 },
      settings: {
        featherPx: 128,
        colorMatch: true,
        prefill: 'smear',
        blend: 'feather',
        // The default (docs/seams.md, "Decision"), written by createRoom; `histogram` is chosen per room.
        colorTransfer: 'hybrid',
        // On for new rooms (docs/seams.md, "Headroom as a room setting").
        referenceHeadroom: true,
      },
    });
    expect(room.inviteCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(room.turn.nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(await getCanvasVersion(db, room.id)).toMatchObject({ version: 0, width: 1024, stepId: null });
    const cells = await getCells(db, room.id, 0, { level: 0 });
    expect(cells.map((c) => [c.cx, c.cy])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(await getRoom(db, room.id)).toEqual(room);
    expect(await getRoom(db, crypto.randomUUID())).toBeNull();
    expect(await getRoom(db, 'nope')).toBeNull();
  });

  it('creates a folded room with its direction and custom settings', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner, {
      mode: 'folded',
      direction: 'down',
      limits: { maxWidth: 2048, maxHeight: 4096 },
      settings: {
        featherPx: 64,
        colorMatch: false,
        prefill: 'black',
        blend: 'multiband',
        colorTransfer: 'mean-std',
        referenceHeadroom: false,
      },
    });
    expect(room).toMatchObject({
      mode: 'folded',
      direction: 'down',
      limits: { maxWidth: 2048, maxHeight: 4096, maxTurns: null },
      settings: {
        featherPx: 64,
        colorMatch: false,
        prefill: 'black',
        blend: 'multiband',
        colorTransfer: 'mean-std',
        referenceHeadroom: false,
      },
    });
    expect((await getRoom(db, room.id))?.settings.referenceHeadroom).toBe(false);
  });

  it('gives a room created without a transfer hybrid, and keeps an explicit histogram', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    expect(DEFAULT_ROOM_COLOR_TRANSFER).toBe('hybrid');
    const byDefault = await makeRoom(db, owner, { settings: { featherPx: 64 } });
    expect(byDefault.settings.colorTransfer).toBe('hybrid');
    expect((await getRoom(db, byDefault.id))?.settings.colorTransfer).toBe('hybrid');
    const histogram = await makeRoom(db, owner, { settings: { colorTransfer: 'histogram' } });
    expect(histogram.settings.colorTransfer).toBe('histogram');
    expect((await getRoom(db, histogram.id))?.settings.colorTransfer).toBe('histogram');
  });

  it('stores every colour transfer a room can choose; values are only ever appended', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    expect(colorTransfer.enumValues).toEqual(['mean-std', 'histogram', 'paired', 'hybrid']);
    for (const transfer of colorTransfer.enumValues) {
      const room = await makeRoom(db, owner, { settings: { colorTransfer: transfer } });
      expect((await getRoom(db, room.id))?.settings.colorTransfer).toBe(transfer);
    }
  });

  it('debits a start cost atomically, and refuses without leaving anything when credits are short', async () => {
    const { db } = get();
    const owner = await makeUser(db, { credits: 5 });
    const canvas = { x: 0, y: 0, width: 1024, height: 1024 };
    const paid = await createRoom(db, {
      ownerId: owner.id,
      name: 'Paid',
      canvas,
      cells: fakeCells(canvas),
      startCost: 4,
    });
    expect(paid.ok).toBe(true);
    expect(await getBalance(db, owner.id)).toBe(1);
    const refused = await createRoom(db, {
      ownerId: owner.id,
      name: 'Too dear',
      canvas,
      cells: fakeCells(canvas),
      startCost: 2,
    });
    expect(refused).toEqual({ ok: false, code: 'INSUFFICIENT_CREDITS' });
    expect(await getBalance(db, owner.id)).toBe(1);
    expect((await listRoomsForUser(db, owner.id)).map((r) => r.name)).toEqual(['Paid']);
    const ledger = await listLedger(db, owner.id);
    expect(ledger.map((e) => [e.reason, e.delta])).toEqual([
      ['room_start', -4],
      ['signup', 5],
    ]);
    expect(ledger[0]?.roomId).toBe(paid.ok ? paid.room.id : null);
    expect(await ledgerSum(db, owner.id)).toBe(1);
  });

  it('joins by invite code in seat order, idempotently; finds by code; lists per member', async () => {
    const { db } = get();
    const [owner, b, c] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    const room = await makeRoom(db, owner!);
    const joined = await joinRoom(db, { inviteCode: room.inviteCode.toLowerCase(), userId: b!.id });
    expect(joined).toMatchObject({ ok: true, joined: true });
    const again = await joinRoom(db, { inviteCode: room.inviteCode, userId: b!.id });
    expect(again).toMatchObject({ ok: true, joined: false });
    await joinRoom(db, { inviteCode: room.inviteCode, userId: c!.id });
    const loaded = await getRoom(db, room.id);
    expect(loaded?.members.map((m) => [m.userId, m.seat])).toEqual([
      [owner!.id, 0],
      [b!.id, 1],
      [c!.id, 2],
    ]);
    expect((await findRoomByInviteCode(db, room.inviteCode))?.id).toBe(room.id);
    expect(await findRoomByInviteCode(db, 'NOSUCHCODE')).toBeNull();
    expect(await joinRoom(db, { inviteCode: 'NOSUCHCODE', userId: b!.id })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect((await listRoomsForUser(db, c!.id)).map((r) => r.id)).toEqual([room.id]);
    expect(await isMember(db, room.id, c!.id)).toBe(true);
    expect(await isMember(db, room.id, crypto.randomUUID())).toBe(false);
    expect((await listRooms(db, { limit: 1000 })).some((r) => r.id === room.id)).toBe(true);
  });

  it('refuses joining a finished room, but a member re-joining still gets it', async () => {
    const { db } = get();
    const [owner, member, late] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    const room = await makeRoom(db, owner!, { members: [member!] });
    expect(await finishRoom(db, { roomId: room.id, actorId: owner!.id })).toMatchObject({
      ok: true,
      room: { status: 'finished' },
    });
    expect(await joinRoom(db, { inviteCode: room.inviteCode, userId: late!.id })).toEqual({
      ok: false,
      code: 'ROOM_FINISHED',
    });
    expect(await joinRoom(db, { inviteCode: room.inviteCode, userId: member!.id })).toMatchObject({
      ok: true,
    });
  });

  it('the database refuses two members in one seat', async () => {
    const { db } = get();
    const [owner, other] = [await makeUser(db), await makeUser(db)];
    const room = await makeRoom(db, owner!);
    const error = await db
      .insert(roomMembers)
      .values({ roomId: room.id, userId: other!.id, seat: 0 })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'room_members_room_seat_key')).toBe(true);
  });

  it('skips a turn with the current nonce only (owner or admin), wrapping around the seats', async () => {
    const { db } = get();
    const [owner, b, admin, stranger] = [
      await makeUser(db),
      await makeUser(db),
      await makeUser(db, { role: 'admin' }),
      await makeUser(db),
    ];
    const room = await makeRoom(db, owner!, { members: [b!] });
    expect(
      await skipTurn(db, { roomId: room.id, turnNonce: room.turn.nonce, actorId: stranger!.id }),
    ).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    const skipped = await skipTurn(db, { roomId: room.id, turnNonce: room.turn.nonce, actorId: owner!.id });
    expect(skipped).toMatchObject({ ok: true, room: { turn: { seat: 1, userId: b!.id, number: 2 } } });
    if (!skipped.ok) return;
    expect(skipped.room.turn.nonce).not.toBe(room.turn.nonce);
    expect(await skipTurn(db, { roomId: room.id, turnNonce: room.turn.nonce, actorId: owner!.id })).toEqual({
      ok: false,
      code: 'STALE_TURN',
    });
    const wrapped = await skipTurn(db, {
      roomId: room.id,
      turnNonce: skipped.room.turn.nonce,
      actorId: admin!.id,
    });
    expect(wrapped).toMatchObject({ ok: true, room: { turn: { seat: 0, userId: owner!.id, number: 3 } } });
    const audit = (await listAudit(db, { limit: 1000 })).filter((a) => a.targetId === room.id);
    expect(audit.map((a) => a.action)).toEqual(['room.skip_turn', 'room.skip_turn']);
  });

  it('finishes a room (owner or admin only), idempotently', async () => {
    const { db } = get();
    const [owner, b] = [await makeUser(db), await makeUser(db)];
    const room = await makeRoom(db, owner!, { members: [b!] });
    expect(await finishRoom(db, { roomId: room.id, actorId: b!.id })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    const finished = await finishRoom(db, { roomId: room.id, actorId: owner!.id });
    expect(finished).toMatchObject({ ok: true, room: { status: 'finished' } });
    expect(finished.ok && finished.room.finishedAt).toBeInstanceOf(Date);
    expect(await finishRoom(db, { roomId: room.id, actorId: owner!.id })).toMatchObject({ ok: true });
    expect(await skipTurn(db, { roomId: room.id, turnNonce: room.turn.nonce, actorId: owner!.id })).toEqual({
      ok: false,
      code: 'ROOM_FINISHED',
    });
    expect(await finishRoom(db, { roomId: crypto.randomUUID(), actorId: owner!.id })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('removes a member; the turn moves on if it was theirs; the owner cannot be removed', async () => {
    const { db } = get();
    const [owner, b, c] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    let room = await makeRoom(db, owner!, { members: [b!, c!] });
    const skipped = await skipTurn(db, { roomId: room.id, turnNonce: room.turn.nonce, actorId: owner!.id });
    if (!skipped.ok) throw new Error(skipped.code);
    room = skipped.room;
    expect(room.turn.userId).toBe(b!.id);
    expect(await removeMember(db, { roomId: room.id, userId: c!.id, actorId: b!.id })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await removeMember(db, { roomId: room.id, userId: owner!.id, actorId: owner!.id })).toEqual({
      ok: false,
      code: 'CANNOT_REMOVE_OWNER',
    });
    const removed = await removeMember(db, { roomId: room.id, userId: b!.id, actorId: owner!.id });
    expect(removed).toMatchObject({ ok: true, room: { turn: { seat: 2, userId: c!.id, number: 3 } } });
    expect(removed.ok && removed.room.members.map((m) => m.userId)).toEqual([owner!.id, c!.id]);
    expect(await isMember(db, room.id, b!.id)).toBe(false);
    // Removing someone whose turn it is not leaves the turn alone.
    const rejoined = await joinRoom(db, { inviteCode: room.inviteCode, userId: b!.id });
    expect(rejoined).toMatchObject({ ok: true, room: { members: [{ seat: 0 }, { seat: 2 }, { seat: 3 }] } });
    const again = await removeMember(db, { roomId: room.id, userId: b!.id, actorId: owner!.id });
    expect(again).toMatchObject({ ok: true, room: { turn: { seat: 2, userId: c!.id, number: 3 } } });
    expect(await removeMember(db, { roomId: room.id, userId: b!.id, actorId: owner!.id })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});
