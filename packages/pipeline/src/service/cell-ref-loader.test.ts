import { getCells } from '@exquisite/store';
import { forEachEngine } from '@exquisite/store/testing';
import { expect, it } from 'vitest';
import { batchedCellRefLoader } from './cell-ref-loader.js';
import { makeTable, makeWorld, submitAndSettle, turnSubmission, useTempBlobStore } from './test-harness.js';

forEachEngine('batched cell-ref loader', (get) => {
  const testBlobs = useTempBlobStore();

  it('answers lookups made together exactly as one getCells per level would', async () => {
    const world = makeWorld(get().db, testBlobs());
    const { db, pipeline } = world;
    const { room } = await makeTable(world);
    for (const direction of ['right', 'down'] as const) {
      const played = await submitAndSettle(pipeline, await turnSubmission(db, room.id, direction));
      expect(played.outcome.status).toBe('committed');
    }
    const asked = [
      {
        level: 0,
        cells: [
          { cx: 2, cy: 0 },
          { cx: 0, cy: 2 },
          { cx: 7, cy: 7 },
        ],
      },
      {
        level: 1,
        cells: [
          { cx: 0, cy: 0 },
          { cx: 1, cy: 0 },
        ],
      },
      { level: 1, cells: [{ cx: 0, cy: 1 }] },
      { level: 2, cells: [{ cx: 0, cy: 0 }] },
    ];
    for (const version of [1, 2]) {
      const load = batchedCellRefLoader(db, room.id, version);
      // Made in the same tick, like updatePyramid's: one query answers all of them.
      const together = await Promise.all(asked.map(({ level, cells }) => load(level, cells)));
      const separately = await Promise.all(
        asked.map(({ level, cells }) => getCells(db, room.id, version, { level, cells })),
      );
      expect(together).toEqual(separately);
      // Not vacuous: level-0 and level-1 rows were found.
      expect(together[0]!.length).toBeGreaterThan(0);
      expect(together[1]!.length).toBeGreaterThan(0);
      // And a lookup made later gets its own query.
      expect(await load(0, [{ cx: 0, cy: 0 }])).toEqual(
        await getCells(db, room.id, version, { level: 0, cells: [{ cx: 0, cy: 0 }] }),
      );
    }
  });

  it('rejects every lookup of a batch whose query fails', async () => {
    const failing = {
      ...get().db,
      selectDistinctOn: () => {
        throw new Error('database gone');
      },
    } as unknown as Parameters<typeof batchedCellRefLoader>[0];
    const load = batchedCellRefLoader(failing, '00000000-0000-4000-8000-000000000000', 1);
    const results = await Promise.allSettled([load(1, [{ cx: 0, cy: 0 }]), load(2, [{ cx: 0, cy: 0 }])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
