import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createMockProvider } from '@exquisite/generator';
import { createPipeline, decodeImage, starterImage } from '@exquisite/pipeline';
import { getRoom, listAudit } from '@exquisite/store';
import { makeUser, openTestDatabase } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo, tempDir, testContext } from '../testing/world.js';

describe('export', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let context: ReturnType<typeof testContext>;
  let roomId: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dir = await tempDir();
    context = testContext(database, join(dir.path, 'blobs'));
    const service = createPipeline({
      db: database.db,
      blobs: context.blobs,
      generator: createMockProvider(),
    });
    const owner = await makeUser(database.db, { credits: 50 });
    const created = await service.createRoom({
      ownerId: owner.id,
      name: 'folded export',
      mode: 'folded',
      direction: 'right',
      maxTurns: null,
      start: { kind: 'starter', name: 'meadow' },
    });
    if (!created.ok) throw new Error(created.code);
    roomId = created.roomId;
    const room = await getRoom(database.db, roomId);
    const submitted = await service.submitStep({
      roomId,
      userId: owner.id,
      direction: 'right',
      prompt: 'more meadow',
      turnNonce: room!.turn.nonce,
      idempotencyKey: 'k1',
    });
    if (!submitted.ok) throw new Error(submitted.code);
    const outcome = await service.settled(submitted.stepId);
    expect(outcome).toBeDefined();
    expect((await getRoom(database.db, roomId))?.canvas.version).toBe(1);
  });
  afterAll(async () => {
    await database.close();
    await dir.remove();
  });

  const run = async (...argv: string[]) => {
    const io = captureIo();
    const status = await runCli(argv, { env: { INIT_CWD: dir.path }, io, context });
    return { status, ...io };
  };

  it('exports an unfinished folded room as its visible strip, like any admin reader', async () => {
    const result = await run('export', roomId, '--out', 'strip.png');
    expect(result.status, result.stderr.join('\n')).toBe(0);
    const png = await decodeImage(await readFile(join(dir.path, 'strip.png')));
    expect({ width: png.width, height: png.height }).toEqual({ width: 512, height: 1024 });
  });

  it('--reveal exports version 0 as exactly the starting picture', async () => {
    const result = await run('export', roomId, '--version', '0', '--reveal', '--out', 'v0.png');
    expect(result.status, result.stderr.join('\n')).toBe(0);
    const png = await decodeImage(await readFile(join(dir.path, 'v0.png')));
    const start = starterImage('meadow');
    expect({ width: png.width, height: png.height }).toEqual({ width: 1024, height: 1024 });
    expect(Buffer.from(png.data).equals(Buffer.from(start.data))).toBe(true);
  });

  it('--reveal exports the whole head of a folded room and the audit entry says so', async () => {
    const result = await run('export', roomId, '--reveal', '--out', 'head.png');
    expect(result.status, result.stderr.join('\n')).toBe(0);
    const png = await decodeImage(await readFile(join(dir.path, 'head.png')));
    expect({ width: png.width, height: png.height }).toEqual({ width: 1536, height: 1024 });
    // Outside the step's changed zone (seam + feather) the start picture is untouched: the
    // left 512 columns still match; the new right strip does not.
    const start = starterImage('meadow');
    for (const y of [0, 511, 1023]) {
      const row = png.data.subarray(y * 1536 * 3, y * 1536 * 3 + 512 * 3);
      expect(
        Buffer.from(row).equals(Buffer.from(start.data.subarray(y * 1024 * 3, y * 1024 * 3 + 512 * 3))),
      ).toBe(true);
    }
    const strip = png.data.subarray(1024 * 3, 1536 * 3);
    expect(strip.some((byte) => byte !== 0)).toBe(true);
    const [audit] = await listAudit(database.db, { limit: 1 });
    expect(audit).toMatchObject({
      actorId: null,
      action: 'room.export',
      targetId: roomId,
      data: { version: 'head', reveal: true },
    });
  });

  it('an unknown room or version fails and leaves no file behind', async () => {
    for (const reveal of [[], ['--reveal']]) {
      const missing = await run('export', roomId, '--version', '7', ...reveal, '--out', 'v7.png');
      expect(missing.status).toBe(1);
      expect(missing.stderr.join('\n')).toMatch(/version 7/);
    }
    const noRoom = await run('export', '00000000-0000-4000-8000-000000000000', '--reveal', '--out', 'v7.png');
    expect(noRoom.stderr.join('\n')).toMatch(/no room/);
    await expect(stat(join(dir.path, 'v7.png'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(dir.path, 'v7.png.partial'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
