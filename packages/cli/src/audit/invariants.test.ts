import { randomUUID } from 'node:crypto';
import { createMockProvider } from '@exquisite/generator';
import { createPipeline } from '@exquisite/pipeline';
import { getCells, getRoom, schema } from '@exquisite/store';
import { makeUser, openTestDatabase } from '@exquisite/store/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo, tempDir, testContext } from '../testing/world.js';
import { auditInvariants } from './invariants.js';

/** The audit must find what it claims to find: each kind of corruption, planted on a clean world. */
describe('auditInvariants', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let context: ReturnType<typeof testContext>;
  let roomId: string;
  let userId: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dir = await tempDir();
    context = testContext(database, dir.path);
    const service = createPipeline({
      db: database.db,
      blobs: context.blobs,
      generator: createMockProvider(),
    });
    const owner = await makeUser(database.db, { credits: 20 });
    userId = owner.id;
    const created = await service.createRoom({
      ownerId: owner.id,
      name: 'audited',
      mode: 'open',
      direction: null,
      maxTurns: null,
      start: { kind: 'starter' },
    });
    if (!created.ok) throw new Error(created.code);
    roomId = created.roomId;
    for (const direction of ['right', 'down'] as const) {
      const room = await getRoom(database.db, roomId);
      const submitted = await service.submitStep({
        roomId,
        userId,
        direction,
        prompt: 'p',
        turnNonce: room!.turn.nonce,
        idempotencyKey: randomUUID(),
      });
      if (!submitted.ok) throw new Error(submitted.code);
      await service.settled(submitted.stepId);
    }
  });
  afterAll(async () => {
    await database.close();
    await dir.remove();
  });

  const audit = () => auditInvariants(database.db, context.blobs, { expectIdle: true });

  it('finds nothing wrong with a clean history', async () => {
    const report = await audit();
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ users: 1, steps: 2, versions: 3 });
  });

  it('`pnpm exquisite audit` reports clean, then exits 1 naming a planted violation', async () => {
    const io = captureIo();
    expect(await runCli(['audit'], { env: {}, io, context })).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/no violations/);
    await database.db
      .update(schema.users)
      .set({ credits: sql`${schema.users.credits} + 3` })
      .where(eq(schema.users.id, userId));
    const failing = captureIo();
    expect(await runCli(['audit'], { env: {}, io: failing, context })).toBe(1);
    expect(failing.stdout.join('\n')).toMatch(/BALANCE: user .* balance 2\d, ledger 1\d/);
    await database.db
      .update(schema.users)
      .set({ credits: sql`${schema.users.credits} - 3` })
      .where(eq(schema.users.id, userId));
  });

  it('finds a balance that does not match the ledger', async () => {
    await database.db
      .update(schema.users)
      .set({ credits: sql`${schema.users.credits} + 1` })
      .where(eq(schema.users.id, userId));
    expect((await audit()).violations.map((v) => v.kind)).toEqual(['BALANCE']);
    await database.db
      .update(schema.users)
      .set({ credits: sql`${schema.users.credits} - 1` })
      .where(eq(schema.users.id, userId));
  });

  it('finds a committed step that was refunded', async () => {
    const [step] = await database.db.select().from(schema.steps).limit(1);
    await database.db
      .insert(schema.creditLedger)
      .values({ userId, delta: 0, reason: 'refund', stepId: step!.id, roomId });
    expect((await audit()).violations.map((v) => v.kind)).toEqual(['CHARGE']);
    await database.db
      .delete(schema.creditLedger)
      .where(sql`${schema.creditLedger.stepId} = ${step!.id} and ${schema.creditLedger.reason} = 'refund'`);
  });

  it('finds a missing cell blob', async () => {
    const [cell] = await getCells(database.db, roomId, 2, { level: 0 });
    const bytes = await context.blobs.get(cell!.blobKey);
    await context.blobs.delete(cell!.blobKey);
    const kinds = new Set((await audit()).violations.map((v) => v.kind));
    expect([...kinds]).toEqual(['MISSING_BLOB']);
    await context.blobs.put(cell!.blobKey, bytes!);
  });

  it('finds a version whose size does not follow from its step', async () => {
    await database.db
      .update(schema.canvasVersions)
      .set({ width: sql`${schema.canvasVersions.width} + 512` })
      .where(sql`${schema.canvasVersions.roomId} = ${roomId} and ${schema.canvasVersions.version} = 1`);
    const kinds = new Set((await audit()).violations.map((v) => v.kind));
    expect(kinds.has('VERSION_SIZE')).toBe(true);
    expect(kinds.has('VERSION_CELLS')).toBe(true);
    await database.db
      .update(schema.canvasVersions)
      .set({ width: sql`${schema.canvasVersions.width} - 512` })
      .where(sql`${schema.canvasVersions.roomId} = ${roomId} and ${schema.canvasVersions.version} = 1`);
    expect((await audit()).violations).toEqual([]);
  });
});
