import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { isCheckViolation, isUniqueViolation } from '../db/pg-error.js';
import { creditLedger, users } from '../schema/index.js';
import { forEachEngine } from '../testing/engines.js';
import { makeRoom, makeUser } from '../testing/fixtures.js';
import { ledgerSum } from '../testing/ledger.js';
import { listAudit, writeAudit } from './audit.js';
import { adjustCredits, getBalance, listLedger } from './credits.js';
import { appendRoomEvent, listRoomEventsAfter } from './events.js';
import { createSession, findSessionUser, revokeSession } from './sessions.js';
import { createUser, findUserByEmail, getUser, listUsers, setUserRole } from './users.js';

forEachEngine('users and sessions', (get) => {
  it('creates a user with lower-cased email and signup credits granted through the ledger', async () => {
    const { db } = get();
    const result = await createUser(db, {
      email: '  Ada.Lovelace@Example.TEST ',
      displayName: 'Ada',
      passwordHash: 'hash',
      signupCredits: 25,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.email).toBe('ada.lovelace@example.test');
    expect(result.user.credits).toBe(25);
    expect(result.user.role).toBe('player');
    const ledger = await listLedger(db, result.user.id);
    expect(ledger.map((e) => [e.reason, e.delta])).toEqual([['signup', 25]]);
    expect(await getBalance(db, result.user.id)).toBe(25);
  });

  it('refuses a second account for the same email in any case with EMAIL_TAKEN', async () => {
    const { db } = get();
    await makeUser(db, { email: 'twice@example.test' });
    const again = await createUser(db, {
      email: 'TWICE@example.test',
      displayName: 'Copy',
      passwordHash: 'x',
      signupCredits: 25,
    });
    expect(again).toEqual({ ok: false, code: 'EMAIL_TAKEN' });
  });

  it('finds users by email (case-insensitively, with hash) and by id; lists them; sets roles', async () => {
    const { db } = get();
    const user = await makeUser(db, { email: 'find.me@example.test' });
    const found = await findUserByEmail(db, 'FIND.ME@example.test');
    expect(found?.id).toBe(user.id);
    expect(found?.passwordHash).toBe('scrypt$test$not-a-real-hash');
    expect(await findUserByEmail(db, 'nobody@example.test')).toBeNull();
    expect((await getUser(db, user.id))?.email).toBe('find.me@example.test');
    expect(await getUser(db, 'not-a-uuid')).toBeNull();
    expect((await listUsers(db, { limit: 1000 })).some((u) => u.id === user.id)).toBe(true);
    expect((await setUserRole(db, user.id, 'admin'))?.role).toBe('admin');
    expect((await getUser(db, user.id))?.role).toBe('admin');
  });

  it('finds a session user only while the session is live', async () => {
    const { db } = get();
    const user = await makeUser(db);
    const future = new Date(Date.now() + 3_600_000);
    await createSession(db, { userId: user.id, tokenHash: `live-${user.id}`, expiresAt: future });
    await createSession(db, {
      userId: user.id,
      tokenHash: `old-${user.id}`,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect((await findSessionUser(db, `live-${user.id}`))?.user.id).toBe(user.id);
    expect(await findSessionUser(db, `old-${user.id}`)).toBeNull();
    expect(await findSessionUser(db, 'unknown')).toBeNull();
    expect(await revokeSession(db, `live-${user.id}`)).toBe(true);
    expect(await revokeSession(db, `live-${user.id}`)).toBe(false);
    expect(await findSessionUser(db, `live-${user.id}`)).toBeNull();
  });

  it('refuses two sessions with the same token hash', async () => {
    const { db } = get();
    const user = await makeUser(db);
    const expiresAt = new Date(Date.now() + 60_000);
    await createSession(db, { userId: user.id, tokenHash: `dup-${user.id}`, expiresAt });
    const error = await createSession(db, { userId: user.id, tokenHash: `dup-${user.id}`, expiresAt }).catch(
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error, 'sessions_token_hash_key')).toBe(true);
  });
});

forEachEngine('credits', (get) => {
  it('adjusts credits with a ledger entry and an audit entry; never below zero', async () => {
    const { db } = get();
    const admin = await makeUser(db, { role: 'admin' });
    const user = await makeUser(db, { credits: 5 });
    const granted = await adjustCredits(db, {
      userId: user.id,
      delta: 10,
      reason: 'grant',
      actorId: admin.id,
    });
    expect(granted).toMatchObject({ ok: true, balance: 15 });
    const refused = await adjustCredits(db, {
      userId: user.id,
      delta: -16,
      actorId: admin.id,
      note: 'too much',
    });
    expect(refused).toEqual({ ok: false, code: 'INSUFFICIENT_CREDITS' });
    const removed = await adjustCredits(db, { userId: user.id, delta: -15, actorId: admin.id });
    expect(removed).toMatchObject({ ok: true, balance: 0 });
    expect(await getBalance(db, user.id)).toBe(0);
    expect(await ledgerSum(db, user.id)).toBe(0);
    expect((await listLedger(db, user.id)).map((e) => e.reason)).toEqual(['admin', 'grant', 'signup']);
    const audit = (await listAudit(db, { limit: 1000 })).filter((a) => a.targetId === user.id);
    expect(audit.map((a) => a.data.delta)).toEqual([-15, 10]);
    expect(audit.every((a) => a.actorId === admin.id && a.action === 'credits.adjust')).toBe(true);
    expect(await adjustCredits(db, { userId: crypto.randomUUID(), delta: 1, actorId: admin.id })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('the database refuses a negative balance (CHECK), whatever the code does', async () => {
    const { db } = get();
    const user = await makeUser(db, { credits: 3 });
    const error = await db
      .update(users)
      .set({ credits: sql`${users.credits} - 4` })
      .where(eq(users.id, user.id))
      .catch((e: unknown) => e);
    expect(isCheckViolation(error, 'users_credits_nonnegative')).toBe(true);
    expect(await getBalance(db, user.id)).toBe(3);
  });

  it('pages the ledger newest first', async () => {
    const { db } = get();
    const user = await makeUser(db, { credits: 1 });
    for (let i = 0; i < 3; i++) await adjustCredits(db, { userId: user.id, delta: 1, actorId: null });
    const first = await listLedger(db, user.id, { limit: 2 });
    const rest = await listLedger(db, user.id, { limit: 10, before: first[1]!.id });
    expect(first).toHaveLength(2);
    expect(rest.map((e) => e.reason)).toEqual(['admin', 'signup']);
    expect([...first, ...rest].map((e) => e.id)).toEqual(
      [...first, ...rest].map((e) => e.id).sort((a, b) => b - a),
    );
    expect(await ledgerSum(db, user.id)).toBe(await getBalance(db, user.id));
  });

  it('keeps ledger rows keyed by (step, reason) only for steps; other entries may repeat', async () => {
    const { db } = get();
    const user = await makeUser(db, { credits: 1 });
    await db.insert(creditLedger).values({ userId: user.id, delta: 0, reason: 'grant' });
    await db.insert(creditLedger).values({ userId: user.id, delta: 0, reason: 'grant' });
    expect((await listLedger(db, user.id)).filter((e) => e.reason === 'grant')).toHaveLength(2);
  });
});

forEachEngine('audit and room events', (get) => {
  it('writes and lists audit entries newest first', async () => {
    const { db } = get();
    const actor = await makeUser(db);
    const a = await writeAudit(db, {
      actorId: actor.id,
      action: 'test.one',
      targetType: 'thing',
      targetId: 'x',
    });
    const b = await writeAudit(db, {
      actorId: null,
      action: 'test.two',
      targetType: 'thing',
      targetId: 'y',
      data: { why: 'because' },
    });
    const listed = await listAudit(db, { limit: 2 });
    expect(listed.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(listed[0]?.data).toEqual({ why: 'because' });
    expect(await listAudit(db, { before: b.id, limit: 1 })).toEqual([a]);
  });

  it('appends room events with increasing ids and replays those after a Last-Event-ID', async () => {
    const { db } = get();
    const owner = await makeUser(db);
    const room = await makeRoom(db, owner);
    const other = await makeRoom(db, owner);
    const ids: number[] = [];
    for (const type of ['room.updated', 'step.started', 'step.committed']) {
      ids.push(await appendRoomEvent(db, room.id, type, { type, n: ids.length }));
    }
    await appendRoomEvent(db, other.id, 'room.updated', {});
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    const after = await listRoomEventsAfter(db, room.id, ids[0]!);
    expect(after.map((e) => e.type)).toEqual(['step.started', 'step.committed']);
    expect(after[1]?.data).toEqual({ type: 'step.committed', n: 2 });
    expect(await listRoomEventsAfter(db, room.id, ids[2]!)).toEqual([]);
    expect(await listRoomEventsAfter(db, room.id, 0, 1)).toHaveLength(1);
  });
});
