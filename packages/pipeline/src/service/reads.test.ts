import { frontierStrip } from '@exquisite/geometry';
import { type BlobStore, finishRoom, getCells, removeMember } from '@exquisite/store';
import { forEachEngine, makeUser } from '@exquisite/store/testing';
import { describe, expect, it } from 'vitest';
import { TileReadCache, tileReadCacheFor } from './read-cache.js';
import {
  decodePngStream,
  makeTable,
  makeWorld,
  mustGetRoom,
  samePixels,
  submitAndSettle,
  turnSubmission,
  useTempBlobStore,
  versionPixels,
} from './test-harness.js';

forEachEngine('reads and folded visibility', (get) => {
  const testBlobs = useTempBlobStore();

  it('shows a folded room only through its last strip until it is finished, to members and admins', async () => {
    const world = makeWorld(get().db, testBlobs());
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
    const world = makeWorld(get().db, testBlobs());
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

  it('serves repeated tile reads from the immutable caches yet checks access and folding on every read', async () => {
    const counted = countingGets(testBlobs());
    const world = makeWorld(get().db, counted.blobs);
    const { db, pipeline } = world;
    const { room, owner, guest } = await makeTable(world, { mode: 'folded', direction: 'down' });
    const played = await submitAndSettle(pipeline, await turnSubmission(db, room.id, 'down'));
    expect(played.outcome.status).toBe('committed');
    const member = { userId: guest.id, isAdmin: false };
    const view = (await pipeline.readCanvas({ roomId: room.id, viewer: member }))!;
    const cy = view.visible.y / 512;
    const tile = (viewer: { userId: string; isAdmin: boolean }, cellY: number, version?: number) =>
      pipeline.readTile({
        roomId: room.id,
        viewer,
        level: 0,
        cx: 0,
        cy: cellY,
        ...(version ? { version } : {}),
      });

    // Warm: the second read of the same cell touches neither the cell table's blob nor the store.
    const before = counted.gets();
    const first = (await tile(member, cy))!;
    expect(counted.gets()).toBe(before + 1);
    const second = (await tile(member, cy))!;
    expect(counted.gets()).toBe(before + 1);
    expect(second.sha256).toBe(first.sha256);
    expect(Buffer.from(second.png).equals(Buffer.from(first.png))).toBe(true);
    // Pinned to the head's number, the same immutable entry.
    expect((await tile(member, cy, view.version))?.sha256).toBe(first.sha256);
    expect(counted.gets()).toBe(before + 1);

    // A hidden cell stays hidden even when its ref and bytes sit in the cache (planted here:
    // no reader of a folded room can warm a hidden cell itself).
    const cache = tileReadCacheFor(db, counted.blobs);
    const [hiddenRef] = await getCells(db, room.id, view.version, { level: 0, cells: [{ cx: 0, cy: 0 }] });
    cache.setCellRef(room.id, view.version, hiddenRef!);
    cache.setPng(hiddenRef!.blobKey, first.png);
    expect(await tile(member, 0)).toBeNull();
    expect(await tile({ userId: owner.id, isAdmin: true }, 0)).toBeNull();

    // A removed member loses access at once, warm cache or not.
    expect((await removeMember(db, { roomId: room.id, userId: guest.id, actorId: owner.id })).ok).toBe(true);
    expect(await tile(member, cy)).toBeNull();
    expect(await pipeline.readCanvas({ roomId: room.id, viewer: member })).toBeNull();

    // Finishing reveals, the planted entry included (it is the real cell).
    expect((await finishRoom(db, { roomId: room.id, actorId: owner.id })).ok).toBe(true);
    const ownerView = { userId: owner.id, isAdmin: false };
    expect((await tile(ownerView, 0))?.sha256).toBe(hiddenRef!.sha256);
    expect(await tile(ownerView, cy)).not.toBeNull();
    // A version that does not exist is not found (and nothing is cached for it).
    expect(await tile(ownerView, cy, view.version + 5)).toBeNull();
  });
});

describe('TileReadCache', () => {
  const ref = (cx: number) => ({ level: 0, cx, cy: 0, blobKey: `cells/k${cx}.png`, sha256: `h${cx}` });

  it('keeps cell refs by room, version and cell, evicting the least recently used beyond the cap', () => {
    const cache = new TileReadCache({ maxRefs: 2, budgetBytes: 1024 });
    cache.setCellRef('r', 1, ref(0));
    cache.setCellRef('r', 1, ref(1));
    expect(cache.cellRef('r', 1, 0, 0, 0)).toEqual(ref(0)); // now most recent
    expect(cache.cellRef('r', 2, 0, 0, 0)).toBeUndefined();
    expect(cache.cellRef('other', 1, 0, 0, 0)).toBeUndefined();
    cache.setCellRef('r', 1, ref(2));
    expect(cache.refCount).toBe(2);
    expect(cache.cellRef('r', 1, 0, 1, 0)).toBeUndefined();
    expect(cache.cellRef('r', 1, 0, 0, 0)).toEqual(ref(0));
    expect(cache.cellRef('r', 1, 0, 2, 0)).toEqual(ref(2));
  });

  it('keeps PNG bytes within the byte budget, least recently used out first, oversize never', () => {
    const cache = new TileReadCache({ maxRefs: 10, budgetBytes: 800 });
    cache.setPng('a', new Uint8Array(100).fill(1));
    cache.setPng('b', new Uint8Array(100).fill(2));
    cache.setPng('huge', new Uint8Array(101)); // over an eighth of the budget
    expect(cache.png('huge')).toBeUndefined();
    expect(cache.png('a')?.[0]).toBe(1);
    for (let i = 0; i < 7; i++) cache.setPng(`f${i}`, new Uint8Array(100));
    expect(cache.pngBytes).toBe(800);
    expect(cache.png('b')).toBeUndefined();
    expect(cache.png('a')?.[0]).toBe(1);
  });
});

/** The same blob store, counting whole-blob reads. */
function countingGets(blobs: BlobStore): { blobs: BlobStore; gets(): number } {
  let gets = 0;
  const wrapped = new Proxy(blobs, {
    get(target, property, receiver) {
      if (property === 'get') {
        return (key: string) => {
          gets += 1;
          return target.get(key);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { blobs: wrapped, gets: () => gets };
}
