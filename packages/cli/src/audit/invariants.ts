import { cellKey, cellsIntersecting, planStep, type Rect } from '@exquisite/geometry';
import { type BlobStore, type Db, getCells, schema } from '@exquisite/store';
import { asc, eq, sql } from 'drizzle-orm';

/** One broken invariant, in words an operator can act on. */
export interface Violation {
  kind: 'BALANCE' | 'CHARGE' | 'VERSION_CELLS' | 'MISSING_BLOB' | 'VERSION_SIZE' | 'HEAD' | 'ROOM_LOCKED';
  detail: string;
}

export interface AuditReport {
  users: number;
  steps: number;
  versions: number;
  blobsChecked: number;
  violations: Violation[];
}

/**
 * The invariant audit over the whole database and blob store (read-only), run after the
 * reliability suites and usable on a live deployment:
 * - every user's balance equals the sum of their ledger;
 * - every committed step was debited once and never refunded; every failed or aborted one was
 *   debited once and refunded once (amounts equal to its cost); a running one is debited only;
 * - every canvas version's level-0 cells cover exactly its rect, and every cell blob exists;
 * - every version > 0 was produced by a committed step whose plan (geometry's `planStep` from
 *   the previous version, in the step's direction) gives exactly that version's rect;
 * - each room's head is its newest version; with `expectIdle`, no step is running (no room locked).
 */
export async function auditInvariants(
  db: Db,
  blobs: BlobStore,
  options: { expectIdle?: boolean } = {},
): Promise<AuditReport> {
  const violations: Violation[] = [];
  const report: AuditReport = { users: 0, steps: 0, versions: 0, blobsChecked: 0, violations };

  const balances = await db.select({ id: schema.users.id, credits: schema.users.credits }).from(schema.users);
  const sums = await db
    .select({ userId: schema.creditLedger.userId, total: sql<string>`sum(${schema.creditLedger.delta})` })
    .from(schema.creditLedger)
    .groupBy(schema.creditLedger.userId);
  const ledgerOf = new Map(sums.map((row) => [row.userId, Number(row.total)]));
  report.users = balances.length;
  for (const user of balances) {
    const ledger = ledgerOf.get(user.id) ?? 0;
    if (ledger !== user.credits) {
      violations.push({
        kind: 'BALANCE',
        detail: `user ${user.id}: balance ${user.credits}, ledger ${ledger}`,
      });
    }
  }

  const steps = await db.select().from(schema.steps);
  report.steps = steps.length;
  const entries = await db
    .select({
      stepId: schema.creditLedger.stepId,
      reason: schema.creditLedger.reason,
      delta: schema.creditLedger.delta,
    })
    .from(schema.creditLedger)
    .where(sql`${schema.creditLedger.stepId} is not null`);
  const byStep = new Map<string, { debits: number[]; refunds: number[] }>();
  for (const entry of entries) {
    const charges = byStep.get(entry.stepId!) ?? { debits: [], refunds: [] };
    if (entry.reason === 'debit') charges.debits.push(entry.delta);
    if (entry.reason === 'refund') charges.refunds.push(entry.delta);
    byStep.set(entry.stepId!, charges);
  }
  for (const step of steps) {
    const { debits, refunds } = byStep.get(step.id) ?? { debits: [], refunds: [] };
    const wantRefund = step.status === 'failed' || step.status === 'aborted';
    const debitOk = debits.length === 1 ? debits[0] === -step.cost : debits.length === 0 && step.cost === 0;
    const refundOk = wantRefund
      ? refunds.length === 1
        ? refunds[0] === step.cost
        : refunds.length === 0 && step.cost === 0
      : refunds.length === 0;
    if (!debitOk || !refundOk) {
      violations.push({
        kind: 'CHARGE',
        detail: `step ${step.id} (${step.status}, cost ${step.cost}): debits [${debits}], refunds [${refunds}]`,
      });
    }
    if (step.status === 'running' && options.expectIdle) {
      violations.push({
        kind: 'ROOM_LOCKED',
        detail: `room ${step.roomId} still has running step ${step.id}`,
      });
    }
  }
  const stepsById = new Map(steps.map((step) => [step.id, step]));

  const versions = await db
    .select()
    .from(schema.canvasVersions)
    .orderBy(asc(schema.canvasVersions.roomId), asc(schema.canvasVersions.version));
  report.versions = versions.length;
  const blobSeen = new Map<string, boolean>();
  const previous = new Map<string, Rect>();
  for (const version of versions) {
    const rect: Rect = { x: version.x, y: version.y, width: version.width, height: version.height };
    const where = `room ${version.roomId} v${version.version}`;

    const cells = await getCells(db, version.roomId, version.version, { level: 0 });
    const want = new Set(cellsIntersecting(rect).map(cellKey));
    const have = new Set(cells.map(cellKey));
    const missing = [...want].filter((c) => !have.has(c));
    const extra = [...have].filter((c) => !want.has(c));
    if (missing.length > 0 || extra.length > 0) {
      violations.push({
        kind: 'VERSION_CELLS',
        detail: `${where}: ${missing.length} cells missing (${missing.slice(0, 3)}), ${extra.length} outside (${extra.slice(0, 3)})`,
      });
    }
    for (const cell of cells) {
      let exists = blobSeen.get(cell.blobKey);
      if (exists === undefined) {
        exists = await blobs.exists(cell.blobKey);
        blobSeen.set(cell.blobKey, exists);
      }
      if (!exists)
        violations.push({
          kind: 'MISSING_BLOB',
          detail: `${where}: cell ${cell.cx},${cell.cy} → ${cell.blobKey}`,
        });
    }

    const before = previous.get(version.roomId);
    if (version.version > 0) {
      const step = version.stepId ? stepsById.get(version.stepId) : undefined;
      if (step?.status !== 'committed' || step.afterVersion !== version.version) {
        violations.push({
          kind: 'VERSION_SIZE',
          detail: `${where}: not produced by a committed step (${version.stepId})`,
        });
      } else if (!before) {
        violations.push({ kind: 'VERSION_SIZE', detail: `${where}: previous version missing` });
      } else {
        const planned = planStep(before, step.direction).after;
        if (!sameRect(planned, rect)) {
          violations.push({
            kind: 'VERSION_SIZE',
            detail: `${where}: is ${rectText(rect)}, the step ${step.direction} from ${rectText(before)} plans ${rectText(planned)}`,
          });
        }
      }
    }
    previous.set(version.roomId, rect);
  }
  report.blobsChecked = blobSeen.size;

  const rooms = await db.select({ id: schema.rooms.id, head: schema.rooms.canvasVersion }).from(schema.rooms);
  for (const room of rooms) {
    const [newest] = await db
      .select({ version: sql<number>`max(${schema.canvasVersions.version})` })
      .from(schema.canvasVersions)
      .where(eq(schema.canvasVersions.roomId, room.id));
    const committed = steps.filter((s) => s.roomId === room.id && s.status === 'committed').length;
    if (newest?.version !== room.head || committed !== room.head) {
      violations.push({
        kind: 'HEAD',
        detail: `room ${room.id}: head v${room.head}, newest version v${newest?.version}, ${committed} committed steps`,
      });
    }
  }
  return report;
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function rectText(r: Rect): string {
  return `${r.width}×${r.height}@${r.x},${r.y}`;
}
