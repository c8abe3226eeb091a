import { createHash, randomUUID } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { cellBlobKey } from '@exquisite/pipeline';
import { abortStep, acceptStep, type BlobStore, listAudit, schema } from '@exquisite/store';
import { fakeCells, forEachEngine, makeRoom, makeUser } from '@exquisite/store/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDir, testContext } from '../testing/world.js';
import { collectGarbage } from './gc.js';

const HOUR = 3_600_000;

function keyFor(tag: string): string {
  return cellBlobKey(createHash('sha256').update(tag).digest('hex'));
}

forEachEngine('gc', (get) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let context: ReturnType<typeof testContext>;
  beforeEach(async () => {
    dir = await tempDir();
    context = testContext(get(), dir.path);
  });
  afterEach(() => dir.remove());

  /** Writes a blob and backdates it, as if written `ageMs` ago. */
  async function putAged(key: string, ageMs: number): Promise<void> {
    await context.blobs.put(key, new TextEncoder().encode(key), { contentType: 'image/png' });
    const when = new Date(Date.now() - ageMs);
    await utimes(join(dir.path, ...key.split('/')), when, when);
  }

  /** A room whose start cells reference `key` (level 0, cell 0,0). */
  async function roomReferencing(key: string) {
    const owner = await makeUser(get().db);
    const cells = fakeCells({ x: 0, y: 0, width: 1024, height: 1024 }, randomUUID().slice(0, 8));
    cells[0] = { ...cells[0]!, blobKey: key };
    return { owner, room: await makeRoom(get().db, owner, { cells }) };
  }

  it('deletes old unreferenced cells; fresh unreferenced (a running step’s) and referenced cells survive', async () => {
    const referencedOld = keyFor(`ref-${randomUUID()}`);
    const garbage = keyFor(`garbage-${randomUUID()}`);
    const fresh = keyFor(`fresh-${randomUUID()}`);
    await putAged(referencedOld, 5 * HOUR);
    await putAged(garbage, 2 * HOUR);
    await putAged(fresh, 0);
    await roomReferencing(referencedOld);

    const report = await collectGarbage(context, { minAgeMs: HOUR });

    expect(report.cells.deleted).toEqual([garbage]);
    expect(report.cells.fresh).toBe(1);
    expect(report.cells.referenced).toBe(1);
    expect(await context.blobs.exists(garbage)).toBe(false);
    expect(await context.blobs.exists(fresh)).toBe(true);
    expect(await context.blobs.exists(referencedOld)).toBe(true);
    const [audit] = await listAudit(get().db, { limit: 1 });
    expect(audit).toMatchObject({ actorId: null, action: 'blobs.gc', data: { via: 'cli', cellsDeleted: 1 } });
  });

  it('the grace age is what protects a fresh cell: with no grace it goes too', async () => {
    const fresh = keyFor(`fresh-${randomUUID()}`);
    await putAged(fresh, 0);
    const report = await collectGarbage(context, { minAgeMs: 0 });
    expect(report.cells.deleted).toEqual([fresh]);
    expect(await context.blobs.exists(fresh)).toBe(false);
  });

  it('--dry-run reports and deletes nothing', async () => {
    const garbage = keyFor(`garbage-${randomUUID()}`);
    await putAged(garbage, 2 * HOUR);
    const orphan = `steps/${randomUUID()}/tile-0-raw.png`;
    await context.blobs.put(orphan, new Uint8Array([1]));
    const auditBefore = await listAudit(get().db, { limit: 1 });

    const report = await collectGarbage(context, { minAgeMs: HOUR, dryRun: true });

    expect(report.cells.deleted).toEqual([garbage]);
    expect(report.artifacts.deleted).toEqual([orphan]);
    expect(await context.blobs.exists(garbage)).toBe(true);
    expect(await context.blobs.exists(orphan)).toBe(true);
    expect(await listAudit(get().db, { limit: 1 })).toEqual(auditBefore);
  });

  it('deletes the artifacts of steps that no longer exist, keeps those of existing steps', async () => {
    const { owner, room } = await roomReferencing(keyFor(randomUUID()));
    const accepted = await acceptStep(get().db, {
      roomId: room.id,
      userId: owner.id,
      direction: 'down',
      prompt: 'p',
      turnNonce: room.turn.nonce,
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      leaseSeconds: 60,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);
    const kept = `steps/${accepted.step.id}/tile-0-raw.png`;
    const orphans = [`steps/${randomUUID()}/tile-0-raw.png`, `steps/${randomUUID()}/tile-1-mask.png`];
    const stranger = 'steps/not-a-step/readme.txt';
    for (const key of [kept, ...orphans, stranger]) await context.blobs.put(key, new Uint8Array([7]));

    const report = await collectGarbage(context, { minAgeMs: HOUR });

    expect(report.artifacts.orphanSteps).toBe(2);
    expect([...report.artifacts.deleted].sort()).toEqual([...orphans].sort());
    expect(await context.blobs.exists(kept)).toBe(true);
    expect(await context.blobs.exists(stranger)).toBe(true);
    for (const key of orphans) expect(await context.blobs.exists(key)).toBe(false);
    await abortStep(get().db, { stepId: accepted.step.id, code: 'OPERATOR_ABORT' });
  });

  it('defers old garbage cells while a step runs (it may re-put identical bytes and commit them)', async () => {
    const garbage = keyFor(`garbage-${randomUUID()}`);
    await putAged(garbage, 2 * HOUR);
    const { owner, room } = await roomReferencing(keyFor(randomUUID()));
    const accepted = await acceptStep(get().db, {
      roomId: room.id,
      userId: owner.id,
      direction: 'right',
      prompt: 'p',
      turnNonce: room.turn.nonce,
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      leaseSeconds: 60,
      tileCost: 1,
    });
    if (!accepted.ok) throw new Error(accepted.code);

    const during = await collectGarbage(context, { minAgeMs: HOUR });
    expect(during.cells.deferred).toBe(1);
    expect(during.cells.deleted).toEqual([]);
    expect(await context.blobs.exists(garbage)).toBe(true);

    await abortStep(get().db, { stepId: accepted.step.id, code: 'OPERATOR_ABORT' });
    const after = await collectGarbage(context, { minAgeMs: HOUR });
    expect(after.cells.deleted).toEqual([garbage]);
    expect(await context.blobs.exists(garbage)).toBe(false);
  });

  it('puts a deleted cell back when a commit references it during the collection', async () => {
    const reused = keyFor(`reused-${randomUUID()}`);
    const garbage = keyFor(`garbage-${randomUUID()}`);
    await putAged(reused, 2 * HOUR);
    await putAged(garbage, 2 * HOUR);
    const original = await context.blobs.get(reused);
    const { room } = await roomReferencing(keyFor(randomUUID()));
    // Simulates a step that had re-put `reused` (a no-op: same bytes, old mtime) committing just
    // as the collector deletes it.
    const blobs: BlobStore = {
      ...context.blobs,
      async delete(key) {
        await context.blobs.delete(key);
        if (key !== reused) return;
        await get()
          .db.insert(schema.canvasCells)
          .values({ roomId: room.id, version: 0, level: 0, cx: 40, cy: 40, blobKey: reused, sha256: 'x' });
      },
    };

    const report = await collectGarbage({ ...context, blobs }, { minAgeMs: HOUR, batchSize: 10 });

    expect(report.cells.restored).toEqual([reused]);
    expect(report.cells.deleted).toEqual([garbage]);
    expect(await context.blobs.get(reused)).toEqual(original);
    expect(await context.blobs.exists(garbage)).toBe(false);
  });
});
