import { buildStartPrompt } from '@exquisite/generator';
import { DEFAULT_ROOM_COLOR_TRANSFER, getBalance, getRoom, listRoomsForUser } from '@exquisite/store';
import { forEachEngine, makeUser } from '@exquisite/store/testing';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { decodeImage } from '../image/codec.js';
import { normalizeStartImage } from '../image/start-image.js';
import { starterImage } from '../image/starter.js';
import { DEFAULT_COLOR_TRANSFER } from '../tile/seam.js';
import { makeWorld, samePixels, useTempBlobStore, versionPixels, type World } from './test-harness.js';

const START = { x: 0, y: 0, width: 1024, height: 1024 };

forEachEngine('createRoom', (get) => {
  const testBlobs = useTempBlobStore();
  let world: World;
  beforeAll(() => {
    world = makeWorld(get().db, testBlobs());
  });

  const base = { name: 'Start', mode: 'open', direction: null, maxTurns: null } as const;

  /** The room's version 0 is one 1024² tile at the origin holding exactly `expected`. */
  async function expectStartCanvas(
    roomId: string,
    ownerId: string,
    expected: Parameters<typeof samePixels>[0],
  ) {
    const view = await world.pipeline.readCanvas({ roomId, viewer: { userId: ownerId, isAdmin: false } });
    expect(view).toMatchObject({ ...START, version: 0 });
    expect(samePixels(await versionPixels(world.db, world.blobs, roomId, 0, START), expected)).toBe(true);
    const top = await world.pipeline.readTile({
      roomId,
      viewer: { userId: ownerId, isAdmin: false },
      level: view!.levels - 1,
      cx: 0,
      cy: 0,
    });
    expect(top?.png.byteLength).toBeGreaterThan(0);
  }

  it('starts from an upload, cover-cropped to 1024² RGB, for free', async () => {
    const owner = await makeUser(world.db, { credits: 3 });
    const upload = await sharp({
      create: { width: 1600, height: 900, channels: 3, background: { r: 200, g: 120, b: 40 } },
    })
      .composite([
        {
          input: {
            create: { width: 400, height: 300, channels: 3, background: { r: 10, g: 90, b: 220 } },
          },
          left: 700,
          top: 200,
        },
      ])
      .png()
      .toBuffer();
    const created = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start: { kind: 'upload', bytes: upload },
    });
    if (!created.ok) throw new Error(created.code);
    await expectStartCanvas(created.roomId, owner.id, (await normalizeStartImage(upload)).buffer);
    expect(await getBalance(world.db, owner.id)).toBe(3);
  });

  it('starts from a built-in starter, and refuses an unknown one', async () => {
    const owner = await makeUser(world.db);
    const created = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start: { kind: 'starter', name: 'dusk' },
    });
    if (!created.ok) throw new Error(created.code);
    await expectStartCanvas(created.roomId, owner.id, starterImage('dusk'));
    const unknown = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start: { kind: 'starter', name: 'nowhere' },
    });
    expect(unknown).toMatchObject({ ok: false, code: 'UNSUPPORTED_IMAGE' });
    expect(await listRoomsForUser(world.db, owner.id)).toHaveLength(1);
  });

  it('starts from a prompt through the generator, debiting one tile', async () => {
    const owner = await makeUser(world.db, { credits: 2 });
    const creates = world.generator.creates;
    const created = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start: { kind: 'prompt', prompt: 'a harbour at dusk' },
    });
    if (!created.ok) throw new Error(created.code);
    expect(world.generator.creates).toBe(creates + 1);
    expect(await getBalance(world.db, owner.id)).toBe(1);
    const expected = await world.generator.inner.create({
      prompt: buildStartPrompt('a harbour at dusk').text,
    });
    await expectStartCanvas(created.roomId, owner.id, await decodeImage(expected.image));
  });

  it('refuses a prompt start without credits, creating nothing and generating nothing', async () => {
    const owner = await makeUser(world.db, { credits: 0 });
    const creates = world.generator.creates;
    const refused = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start: { kind: 'prompt', prompt: 'a harbour at dusk' },
    });
    expect(refused).toMatchObject({ ok: false, code: 'INSUFFICIENT_CREDITS' });
    expect((refused as { message: string }).message).toMatch(/credit/);
    expect(world.generator.creates).toBe(creates);
    expect(await listRoomsForUser(world.db, owner.id)).toEqual([]);
    expect(await getBalance(world.db, owner.id)).toBe(0);
  });

  it('gives a room without a colour transfer the default (hybrid), and keeps a chosen one', async () => {
    const owner = await makeUser(world.db);
    const start = { kind: 'starter', name: 'dusk' } as const;
    const byDefault = await world.pipeline.createRoom({ ...base, ownerId: owner.id, start });
    if (!byDefault.ok) throw new Error(byDefault.code);
    // The store writes its own constant (it must not import the pipeline): the two must agree,
    // or the tile runner's fallback and what new rooms store would name different transfers.
    expect(DEFAULT_ROOM_COLOR_TRANSFER).toBe(DEFAULT_COLOR_TRANSFER);
    expect((await getRoom(world.db, byDefault.roomId))?.settings.colorTransfer).toBe('hybrid');
    const chosen = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start,
      settings: { colorTransfer: 'histogram' },
    });
    if (!chosen.ok) throw new Error(chosen.code);
    expect((await getRoom(world.db, chosen.roomId))?.settings.colorTransfer).toBe('histogram');
  });

  it('refuses bytes that are not an image, creating nothing', async () => {
    const owner = await makeUser(world.db, { credits: 5 });
    const refused = await world.pipeline.createRoom({
      ...base,
      ownerId: owner.id,
      start: { kind: 'upload', bytes: new TextEncoder().encode('%PDF-1.7 definitely not a picture') },
    });
    expect(refused).toMatchObject({ ok: false, code: 'UNSUPPORTED_IMAGE' });
    expect(await listRoomsForUser(world.db, owner.id)).toEqual([]);
    expect(await getBalance(world.db, owner.id)).toBe(5);
  });
});
