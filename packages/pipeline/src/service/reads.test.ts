import { frontierStrip } from '@exquisite/geometry';
import { finishRoom } from '@exquisite/store';
import { forEachEngine, makeUser } from '@exquisite/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  decodePngStream,
  makeTable,
  makeWorld,
  mustGetRoom,
  samePixels,
  submitAndSettle,
  tempBlobStore,
  turnSubmission,
  versionPixels,
} from './test-harness.js';

forEachEngine('reads and folded visibility', (get) => {
  let store: Awaited<ReturnType<typeof tempBlobStore>>;
  beforeAll(async () => {
    store = await tempBlobStore();
  });
  afterAll(() => store.remove());

  it('shows a folded room only through its last strip until it is finished, to members and admins', async () => {
    const world = makeWorld(get().db, store.blobs);
    const { db, blobs, pipeline } = world;
    const { room, owner, guest } = await makeTable(world, { mode: 'folded', direction: 'down' });
    for (let i = 0; i < 2; i++) {
      const played = await submitAndSettle(pipeline, await turnSubmission(db, room.id, 'down'));
      expect(played.outcome.status).toBe('committed');
    }
    expect(await pipeline.submitStep(await turnSubmission(db, room.id, 'right'))).toEqual({
      ok: false,
      code: 'DIRECTION_NOT_ALLOWED',
    });
    const canvas = (await mustGetRoom(db, room.id)).canvas;
    expect(canvas).toEqual({ x: 0, y: 0, width: 1024, height: 2048, version: 2 });
    const strip = frontierStrip(canvas, 'down');
    const member = { userId: guest.id, isAdmin: false };
    const outsider = await makeUser(db);
    const admin = await makeUser(db, { role: 'admin' });

    expect(await pipeline.readCanvas({ roomId: room.id, viewer: member })).toEqual({
      ...canvas,
      levels: expect.any(Number),
      visible: strip,
    });
    // Level-0 cells: inside the strip yes, above it no; no pyramid level at all.
    const tile = (level: number, cx: number, cy: number, viewer = member, version?: number) =>
      pipeline.readTile({
        roomId: room.id,
        viewer,
        level,
        cx,
        cy,
        ...(version === undefined ? {} : { version }),
      });
    expect(await tile(0, 0, 3)).not.toBeNull();
    expect(await tile(0, 1, 3)).not.toBeNull();
    expect(await tile(0, 0, 2)).toBeNull();
    expect(await tile(0, 0, 0)).toBeNull();
    expect(await tile(1, 0, 1)).toBeNull();
    expect(await tile(1, 0, 0)).toBeNull();
    // The export is the strip, pixel for pixel.
    const exported = (await pipeline.exportPng({ roomId: room.id, viewer: member }))!;
    expect(exported).toMatchObject({ width: strip.width, height: strip.height });
    expect(
      samePixels(await decodePngStream(exported.stream), await versionPixels(db, blobs, room.id, 2, strip)),
    ).toBe(true);
    // An older version is folded along its own last strip.
    const v1 = await pipeline.readCanvas({ roomId: room.id, viewer: member, version: 1 });
    expect(v1).toMatchObject({ x: 0, y: 0, width: 1024, height: 1536, version: 1 });
    expect(v1!.visible).toEqual(frontierStrip(v1!, 'down'));
    expect(await tile(0, 0, 2, member, 1)).not.toBeNull();
    expect(await tile(0, 0, 1, member, 1)).toBeNull();
    expect(await pipeline.readCanvas({ roomId: room.id, viewer: member, version: 7 })).toBeNull();

    // A non-member learns nothing; an admin reads, folded like everyone else.
    const stranger = { userId: outsider.id, isAdmin: false };
    expect(await pipeline.readCanvas({ roomId: room.id, viewer: stranger })).toBeNull();
    expect(await tile(0, 0, 3, stranger)).toBeNull();
    expect(await pipeline.exportPng({ roomId: room.id, viewer: stranger })).toBeNull();
    const operator = { userId: admin.id, isAdmin: true };
    expect((await pipeline.readCanvas({ roomId: room.id, viewer: operator }))?.visible).toEqual(strip);
    expect(await tile(0, 0, 3, operator)).not.toBeNull();
    expect(await tile(0, 0, 0, operator)).toBeNull();

    // Finished: everything is revealed.
    expect((await finishRoom(db, { roomId: room.id, actorId: owner.id })).ok).toBe(true);
    const revealed = await pipeline.readCanvas({ roomId: room.id, viewer: member });
    expect(revealed?.visible).toEqual({ x: 0, y: 0, width: 1024, height: 2048 });
    expect(await tile(0, 0, 0)).not.toBeNull();
    expect(await tile(1, 0, 0)).not.toBeNull();
    expect(await tile(revealed!.levels - 1, 0, 0)).not.toBeNull();
    expect(await tile(0, 0, 0, member, 1)).not.toBeNull();
    const whole = (await pipeline.exportPng({ roomId: room.id, viewer: member }))!;
    expect(whole).toMatchObject({ width: 1024, height: 2048 });
    expect(
      samePixels(await decodePngStream(whole.stream), await versionPixels(db, blobs, room.id, 2, canvas)),
    ).toBe(true);
    expect(await pipeline.readCanvas({ roomId: room.id, viewer: stranger })).toBeNull();
  });

  it('reads nothing for an unknown room, a cell outside the canvas or a level above the top', async () => {
    const world = makeWorld(get().db, store.blobs);
    const { room, owner } = await makeTable(world);
    const viewer = { userId: owner.id, isAdmin: false };
    const view = (await world.pipeline.readCanvas({ roomId: room.id, viewer }))!;
    expect(view.visible).toEqual({ x: 0, y: 0, width: 1024, height: 1024 });
    expect(await world.pipeline.readTile({ roomId: room.id, viewer, level: 0, cx: 5, cy: 0 })).toBeNull();
    expect(
      await world.pipeline.readTile({ roomId: room.id, viewer, level: view.levels, cx: 0, cy: 0 }),
    ).toBeNull();
    expect(
      await world.pipeline.readCanvas({ roomId: '00000000-0000-4000-8000-000000000000', viewer }),
    ).toBeNull();
  });
});
