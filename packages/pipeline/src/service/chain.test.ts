import {
  cellRect,
  cellsIntersecting,
  changedBounds,
  containsRect,
  type Direction,
  intersectRect,
  planStep,
  type Rect,
  rectsIntersect,
  stepWorkRect,
  worldToLocal,
} from '@exquisite/geometry';
import { type CellRef, getBalance, getCells } from '@exquisite/store';
import { forEachEngine, ledgerSum } from '@exquisite/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  decodePngStream,
  makeTable,
  makeWorld,
  mustGetRoom,
  samePixels,
  stepLedger,
  submitAndSettle,
  tempBlobStore,
  turnSubmission,
  versionPixels,
} from './test-harness.js';

/**
 * Twelve steps in all four directions, growing the 1024² start into a 2048×6144 canvas whose
 * steps cover edges of 1, 2, 3 and 4 tiles (32 generated tiles in all).
 */
const CHAIN: Direction[] = [
  'right',
  'down',
  'up',
  'down',
  'left',
  'up',
  'down',
  'up',
  'down',
  'up',
  'down',
  'up',
];

forEachEngine('a chain of steps', (get) => {
  let blobStore: Awaited<ReturnType<typeof tempBlobStore>>;
  beforeAll(async () => {
    blobStore = await tempBlobStore();
  });
  afterAll(() => blobStore.remove());

  it('grows in every direction with I1, exact billing, turns, untouched old pixels and exact exports', {
    timeout: 240_000,
  }, async () => {
    const world = makeWorld(get().db, blobStore.blobs);
    const { db, blobs, pipeline } = world;
    const { room: start, owner, guest } = await makeTable(world);
    const viewer = { userId: owner.id, isAdmin: false };

    let canvas: Rect & { version: number } = start.canvas;
    const startPixels = await versionPixels(db, blobs, start.id, canvas.version, canvas);
    const versions = new Map<number, { rect: Rect; cells: CellRef[] }>([
      [canvas.version, { rect: canvas, cells: await getCells(db, start.id, canvas.version, { level: 0 }) }],
    ]);
    const tileCounts = new Set<number>();

    for (const [i, direction] of CHAIN.entries()) {
      const room = await mustGetRoom(db, start.id);
      const player = room.turn.userId!;
      const balance = (await getBalance(db, player))!;
      const plan = planStep(canvas, direction, { featherPx: room.settings.featherPx });
      tileCounts.add(plan.tiles.length);

      const { stepId, outcome } = await submitAndSettle(
        pipeline,
        await turnSubmission(db, room.id, direction),
      );
      expect(outcome.status, `step ${i + 1} (${direction})`).toBe('committed');

      // I1: the canvas is the plan's `after`, as a new version.
      const after = await mustGetRoom(db, room.id);
      expect(after.canvas).toEqual({ ...plan.after, version: canvas.version + 1 });

      // Billing: tiles × TILE_COST debited once, nothing refunded; the ledger still sums up.
      expect(await getBalance(db, player)).toBe(balance - plan.tiles.length);
      expect((await stepLedger(db, player, stepId)).map((e) => [e.reason, e.delta])).toEqual([
        ['debit', -plan.tiles.length],
      ]);
      expect(await ledgerSum(db, player)).toBe(await getBalance(db, player));

      // The turn passes to the other seat with a new nonce.
      expect(after.turn.number).toBe(room.turn.number + 1);
      expect(after.turn.seat).toBe((room.turn.seat + 1) % 2);
      expect(after.turn.userId).toBe(player === owner.id ? guest.id : owner.id);
      expect(after.turn.nonce).not.toBe(room.turn.nonce);

      // I2 over stored cells. Cells wholly outside the changed region must be the very same
      // content-addressed refs (their sha256 is over raw pixels); the cells the changed region
      // touches are compared pixel by pixel, and may differ only inside it.
      const oldCells = await getCells(db, room.id, canvas.version, { level: 0 });
      const newCells = await getCells(db, room.id, after.canvas.version, { level: 0 });
      const newByCell = new Map(newCells.map((c) => [`${c.cx},${c.cy}`, c]));
      for (const cell of oldCells) {
        if (!rectsIntersect(cellRect(cell), plan.changedRegion)) {
          expect(newByCell.get(`${cell.cx},${cell.cy}`)).toEqual(cell);
        }
      }
      const band = intersectRect(stepWorkRect(plan), canvas)!;
      const bandBefore = await versionPixels(db, blobs, room.id, canvas.version, band);
      const bandAfter = await versionPixels(db, blobs, room.id, after.canvas.version, band);
      const moved = changedBounds(bandBefore, bandAfter);
      expect(moved, 'the feather strip should blend').not.toBeNull();
      expect(containsRect(worldToLocal(intersectRect(plan.changedRegion, band)!, band), moved!)).toBe(true);
      expect(newCells.length).toBe(cellsIntersecting(plan.after).length);

      // The streamed export is exactly the cells (every fourth step and the last: exports are big).
      if (i % 4 === 0 || i === CHAIN.length - 1) {
        const grown = await versionPixels(db, blobs, room.id, after.canvas.version, after.canvas);
        const exported = await pipeline.exportPng({ roomId: room.id, viewer });
        expect(exported).toMatchObject({ width: after.canvas.width, height: after.canvas.height });
        expect(samePixels(await decodePngStream(exported!.stream), grown)).toBe(true);
      }
      versions.set(after.canvas.version, { rect: after.canvas, cells: newCells });

      canvas = after.canvas;
    }

    expect(canvas.width).not.toBe(canvas.height);
    expect([...tileCounts].sort()).toEqual([1, 2, 3, 4]);

    // Every version stays readable and unchanged: the same cells, every blob present, and the
    // start version still exports to exactly its pixels.
    for (const [version, { rect, cells }] of versions) {
      const view = await pipeline.readCanvas({ roomId: start.id, viewer, version });
      expect(view).toMatchObject({ ...rect, version });
      expect(await getCells(db, start.id, version, { level: 0 })).toEqual(cells);
      for (const cell of cells) expect(await blobs.exists(cell.blobKey)).toBe(true);
    }
    const first = await pipeline.exportPng({ roomId: start.id, viewer, version: start.canvas.version });
    expect(samePixels(await decodePngStream(first!.stream), startPixels)).toBe(true);
  });
});
