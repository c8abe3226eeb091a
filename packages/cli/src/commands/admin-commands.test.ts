import { randomUUID } from 'node:crypto';
import {
  acceptStep,
  createSession,
  findSessionUser,
  getStep,
  getUser,
  listAudit,
  listLedger,
} from '@exquisite/store';
import { forEachEngine, ledgerSum, makeRoom, makeUser } from '@exquisite/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import type { OperatorContext } from '../context.js';
import { captureIo, tempDir, testContext } from '../testing/world.js';

forEachEngine('operator commands', (get) => {
  let blobDir: Awaited<ReturnType<typeof tempDir>>;
  let context: OperatorContext;
  beforeAll(async () => {
    blobDir = await tempDir();
    context = testContext(get(), blobDir.path);
  });
  afterAll(() => blobDir.remove());

  const run = async (...argv: string[]) => {
    const io = captureIo();
    const status = await runCli(argv, { env: {}, io, context });
    return { status, ...io };
  };

  it('migrate is safe on a migrated database and is audited', async () => {
    const result = await run('migrate');
    expect(result.status).toBe(0);
    const [entry] = await listAudit(get().db, { limit: 1 });
    expect(entry).toMatchObject({ actorId: null, action: 'db.migrate', data: { via: 'cli' } });
  });

  it('admin grant makes an account an admin, case-insensitively, with an audit entry', async () => {
    const user = await makeUser(get().db);
    const result = await run('admin', 'grant', user.email.toUpperCase());
    expect(result.status, result.stderr.join('\n')).toBe(0);
    expect((await getUser(get().db, user.id))?.role).toBe('admin');
    const [entry] = await listAudit(get().db, { limit: 1 });
    expect(entry).toMatchObject({
      actorId: null,
      action: 'user.role',
      targetId: user.id,
      data: { via: 'cli', role: 'admin', previous: 'player' },
    });
  });

  it('admin grant of an unknown email fails and changes nothing', async () => {
    const before = await listAudit(get().db, { limit: 1 });
    const result = await run('admin', 'grant', 'nobody@example.test');
    expect(result.status).toBe(1);
    expect(result.stderr.join('\n')).toMatch(/no account/);
    expect(await listAudit(get().db, { limit: 1 })).toEqual(before);
  });

  it('credits grant posts a ledger entry with the reason; the balance equals the ledger', async () => {
    const user = await makeUser(get().db, { credits: 5 });
    const result = await run('credits', 'grant', user.email, '40', '--reason', 'beta tester');
    expect(result.status, result.stderr.join('\n')).toBe(0);
    expect(result.stdout.join('\n')).toMatch(/balance 45/);
    const [entry] = await listLedger(get().db, user.id, { limit: 1 });
    expect(entry).toMatchObject({ delta: 40, reason: 'grant', note: 'cli: beta tester' });
    expect((await getUser(get().db, user.id))?.credits).toBe(45);
    expect(await ledgerSum(get().db, user.id)).toBe(45);
    const [audit] = await listAudit(get().db, { limit: 1 });
    expect(audit).toMatchObject({ actorId: null, action: 'credits.adjust', targetId: user.id });
  });

  it('a negative grant removes credits but never below zero', async () => {
    const user = await makeUser(get().db, { credits: 10 });
    expect((await run('credits', 'grant', user.email, '-4')).status).toBe(0);
    const refused = await run('credits', 'grant', user.email, '-7');
    expect(refused.status).toBe(1);
    expect(refused.stderr.join('\n')).toMatch(/below 0/);
    expect((await getUser(get().db, user.id))?.credits).toBe(6);
    expect(await ledgerSum(get().db, user.id)).toBe(6);
  });

  it('step abort ends a running step as OPERATOR_ABORT, refunds it once, and is audited', async () => {
    const owner = await makeUser(get().db, { credits: 10 });
    const room = await makeRoom(get().db, owner);
    const accepted = await acceptStep(get().db, {
      roomId: room.id,
      userId: owner.id,
      direction: 'right',
      prompt: 'a lighthouse',
      turnNonce: room.turn.nonce,
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      leaseSeconds: 60,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);
    const cost = accepted.step.cost;
    expect(cost).toBeGreaterThan(0);
    expect((await getUser(get().db, owner.id))?.credits).toBe(10 - cost);

    const result = await run('step', 'abort', accepted.step.id);
    expect(result.status, result.stderr.join('\n')).toBe(0);
    expect(await getStep(get().db, accepted.step.id)).toMatchObject({
      status: 'aborted',
      error: { code: 'OPERATOR_ABORT' },
    });
    expect((await getUser(get().db, owner.id))?.credits).toBe(10);
    expect(await ledgerSum(get().db, owner.id)).toBe(10);
    const [audit] = await listAudit(get().db, { limit: 1 });
    expect(audit).toMatchObject({ actorId: null, action: 'step.abort', targetId: accepted.step.id });

    const again = await run('step', 'abort', accepted.step.id);
    expect(again.status).toBe(1);
    expect(again.stderr.join('\n')).toMatch(/not running/);
    expect((await getUser(get().db, owner.id))?.credits).toBe(10);
  });

  it('sessions revoke-all signs everybody out and is audited', async () => {
    const user = await makeUser(get().db);
    const expiresAt = new Date(Date.now() + 3_600_000);
    await createSession(get().db, { userId: user.id, tokenHash: `a-${user.id}`, expiresAt });
    await createSession(get().db, { userId: user.id, tokenHash: `b-${user.id}`, expiresAt });
    expect(await findSessionUser(get().db, `a-${user.id}`)).not.toBeNull();

    const result = await run('sessions', 'revoke-all');

    expect(result.status, result.stderr.join('\n')).toBe(0);
    expect(await findSessionUser(get().db, `a-${user.id}`)).toBeNull();
    expect(await findSessionUser(get().db, `b-${user.id}`)).toBeNull();
    const [audit] = await listAudit(get().db, { limit: 1 });
    expect(audit).toMatchObject({ actorId: null, action: 'sessions.revoke_all' });
    expect((audit!.data as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
  });

  it('bad command lines exit 2 with the usage', async () => {
    for (const argv of [
      ['admin', 'revoke', 'a@b.c'],
      ['credits', 'grant', 'a@b.c'],
      ['frobnicate'],
      ['gc', '--min-age', 'soon'],
    ]) {
      const result = await run(...argv);
      expect(result.status, argv.join(' ')).toBe(2);
      expect(result.stderr.join('\n')).toMatch(/Usage: pnpm exquisite/);
    }
  });
});
