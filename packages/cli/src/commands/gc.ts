import {
  type BlobStore,
  type Db,
  listCellBlobKeys,
  listRunningSteps,
  schema,
  writeAudit,
} from '@exquisite/store';
import { inArray } from 'drizzle-orm';
import type { BlobAges } from '../blob-ages.js';
import { CLI_ACTOR } from './admin.js';

export interface GcOptions {
  /** Report what would go; delete nothing. */
  dryRun?: boolean;
  /** Unreferenced cells younger than this survive (they may belong to a step about to commit). */
  minAgeMs: number;
  /** Cells deleted per checked batch (each batch's bytes are held until it is confirmed). */
  batchSize?: number;
  now?: () => Date;
}

export interface GcReport {
  dryRun: boolean;
  cells: {
    scanned: number;
    referenced: number;
    /** Unreferenced but younger than the grace age. */
    fresh: number;
    deleted: string[];
    /** Unreferenced and old, left for a later run because steps were running. */
    deferred: number;
    /** Deleted, then put back because a step that could have reused them was seen. */
    restored: string[];
  };
  artifacts: {
    scanned: number;
    /** Steps whose record no longer exists (their room was deleted). */
    orphanSteps: number;
    deleted: string[];
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deletes garbage blobs while the app runs. Blobs are written before the commit that
 * references them, so "unreferenced" alone is not garbage:
 *
 * - `cells/`: unreferenced by any `canvas_cells` row AND older than the grace age. Cells are
 *   content-addressed, so a running step may "re-write" an old garbage cell with a put that is
 *   a no-op (same bytes) and commit a reference to it later. So cells are deleted in batches
 *   only while no step runs, each batch's bytes are kept until, after the delete, no step is
 *   running and none of its keys gained a reference; otherwise they are put back.
 * - `steps/<stepId>/`: artifacts of steps whose record is gone. A step's row is inserted
 *   before any artifact is written, so this needs no grace age.
 *
 * Keys are listed before references are read, so a cell committed in between counts as
 * referenced.
 */
export async function collectGarbage(
  deps: { db: Db; blobs: BlobStore; blobAges: BlobAges },
  options: GcOptions,
): Promise<GcReport> {
  const now = options.now ?? (() => new Date());
  const dryRun = options.dryRun ?? false;
  const report: GcReport = {
    dryRun,
    cells: { scanned: 0, referenced: 0, fresh: 0, deleted: [], deferred: 0, restored: [] },
    artifacts: { scanned: 0, orphanSteps: 0, deleted: [] },
  };

  const cellKeys = await collect(deps.blobs.list('cells/'));
  report.cells.scanned = cellKeys.length;
  const referenced = await allReferencedCellKeys(deps.db);
  const candidates: string[] = [];
  for (const key of cellKeys) {
    if (referenced.has(key)) {
      report.cells.referenced += 1;
      continue;
    }
    const modified = await deps.blobAges.modifiedAt(key);
    if (modified === null) continue; // deleted meanwhile
    if (now().getTime() - modified.getTime() < options.minAgeMs) report.cells.fresh += 1;
    else candidates.push(key);
  }

  if (dryRun) report.cells.deleted = candidates;
  else await deleteCells(deps, candidates, options.batchSize ?? 64, report);

  await collectStepArtifacts(deps, dryRun, report);

  if (!dryRun) {
    await writeAudit(deps.db, {
      actorId: CLI_ACTOR.actorId,
      action: 'blobs.gc',
      targetType: 'blobs',
      targetId: deps.blobs.kind,
      data: {
        via: CLI_ACTOR.via,
        minAgeMs: options.minAgeMs,
        cellsDeleted: report.cells.deleted.length,
        cellsRestored: report.cells.restored.length,
        cellsDeferred: report.cells.deferred,
        artifactsDeleted: report.artifacts.deleted.length,
      },
    });
  }
  return report;
}

async function deleteCells(
  deps: { db: Db; blobs: BlobStore },
  candidates: string[],
  batchSize: number,
  report: GcReport,
): Promise<void> {
  for (let start = 0; start < candidates.length; start += batchSize) {
    const batch = candidates.slice(start, start + batchSize);
    if ((await listRunningSteps(deps.db)).length > 0) {
      report.cells.deferred += candidates.length - start;
      return;
    }
    const held = new Map<string, Uint8Array>();
    for (const key of batch) {
      const bytes = await deps.blobs.get(key);
      if (bytes === null) continue;
      held.set(key, bytes);
      await deps.blobs.delete(key);
    }
    // A step accepted after the check above either still runs now, or has committed and its
    // references are visible now: either way the deleted bytes it may rely on are put back.
    const stepsRunning = (await listRunningSteps(deps.db)).length > 0;
    const nowReferenced = await referencedAmong(deps.db, [...held.keys()]);
    for (const [key, bytes] of held) {
      if (stepsRunning || nowReferenced.has(key)) {
        await deps.blobs.put(key, bytes, { contentType: 'image/png' });
        report.cells.restored.push(key);
      } else {
        report.cells.deleted.push(key);
      }
    }
    if (stepsRunning) {
      report.cells.deferred += candidates.length - start - batch.length;
      return;
    }
  }
}

async function collectStepArtifacts(
  deps: { db: Db; blobs: BlobStore },
  dryRun: boolean,
  report: GcReport,
): Promise<void> {
  const byStep = new Map<string, string[]>();
  for await (const key of deps.blobs.list('steps/')) {
    report.artifacts.scanned += 1;
    const stepId = key.split('/')[1] ?? '';
    // Only step ids are ever written here; anything else is left for a human to look at.
    if (!UUID.test(stepId)) continue;
    const keys = byStep.get(stepId) ?? [];
    keys.push(key);
    byStep.set(stepId, keys);
  }
  const ids = [...byStep.keys()];
  const existing = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await deps.db
      .select({ id: schema.steps.id })
      .from(schema.steps)
      .where(inArray(schema.steps.id, ids.slice(i, i + 500)));
    for (const row of rows) existing.add(row.id);
  }
  for (const [stepId, keys] of byStep) {
    if (existing.has(stepId)) continue;
    report.artifacts.orphanSteps += 1;
    for (const key of keys) {
      if (!dryRun) await deps.blobs.delete(key);
      report.artifacts.deleted.push(key);
    }
  }
}

async function allReferencedCellKeys(db: Db): Promise<Set<string>> {
  const keys = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await listCellBlobKeys(db, { ...(after === undefined ? {} : { after }), limit: 5000 });
    for (const key of page) keys.add(key);
    if (page.length < 5000) return keys;
    after = page[page.length - 1];
  }
}

async function referencedAmong(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ blobKey: schema.canvasCells.blobKey })
    .from(schema.canvasCells)
    .where(inArray(schema.canvasCells.blobKey, keys));
  return new Set(rows.map((row) => row.blobKey));
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out;
}
