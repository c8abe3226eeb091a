import { and, asc, desc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { canvasCells, canvasVersions, rooms } from '../schema/index.js';
import { isUuid } from './ids.js';
import type { CanvasVersion, CellRef } from './types.js';

/** A version's bounds; the head when `version` is omitted. */
export async function getCanvasVersion(
  db: Db,
  roomId: string,
  version?: number,
): Promise<CanvasVersion | null> {
  if (!isUuid(roomId)) return null;
  const wanted =
    version ?? (await db.select({ v: rooms.canvasVersion }).from(rooms).where(eq(rooms.id, roomId)))[0]?.v;
  if (wanted === undefined) return null;
  const [row] = await db
    .select()
    .from(canvasVersions)
    .where(and(eq(canvasVersions.roomId, roomId), eq(canvasVersions.version, wanted)));
  return row ?? null;
}

/** What a `CellRef` is read from. */
const CELL_REF_COLUMNS = {
  level: canvasCells.level,
  cx: canvasCells.cx,
  cy: canvasCells.cy,
  blobKey: canvasCells.blobKey,
  sha256: canvasCells.sha256,
};

/** Cells in cell coordinates of one level, inclusive bounds. */
export interface CellRange {
  minCx: number;
  minCy: number;
  maxCx: number;
  maxCy: number;
}

/**
 * The cells of `version` at `level`: per (cx, cy), the newest row with version <= `version`
 * (a version stores only what it changed). Narrow by a cell range or an explicit list.
 * Ordered by cy then cx.
 */
export async function getCells(
  db: Db,
  roomId: string,
  version: number,
  options: { level: number; range?: CellRange; cells?: Array<{ cx: number; cy: number }> },
): Promise<CellRef[]> {
  if (!isUuid(roomId)) return [];
  if (options.cells && options.cells.length === 0) return [];
  const { range, cells } = options;
  const rows = await db
    .selectDistinctOn([canvasCells.cy, canvasCells.cx], CELL_REF_COLUMNS)
    .from(canvasCells)
    .where(
      and(
        eq(canvasCells.roomId, roomId),
        eq(canvasCells.level, options.level),
        lte(canvasCells.version, version),
        range ? gte(canvasCells.cx, range.minCx) : undefined,
        range ? lte(canvasCells.cx, range.maxCx) : undefined,
        range ? gte(canvasCells.cy, range.minCy) : undefined,
        range ? lte(canvasCells.cy, range.maxCy) : undefined,
        cells
          ? sql`(${canvasCells.cx}, ${canvasCells.cy}) in (${sql.join(
              cells.map((c) => sql`(${c.cx}::integer, ${c.cy}::integer)`),
              sql`, `,
            )})`
          : undefined,
      ),
    )
    .orderBy(asc(canvasCells.cy), asc(canvasCells.cx), desc(canvasCells.version));
  return rows;
}

/**
 * `getCells` for several levels' explicit cell lists in one round trip: per (level, cx, cy)
 * asked for, the newest row with version <= `version`. Ordered by level, cy, cx. A step's
 * pyramid asks for one or two cells at every level; one query instead of one per level.
 */
export async function getCellsAtLevels(
  db: Db,
  roomId: string,
  version: number,
  requests: ReadonlyArray<{ level: number; cells: ReadonlyArray<{ cx: number; cy: number }> }>,
): Promise<CellRef[]> {
  if (!isUuid(roomId)) return [];
  const wanted = requests.flatMap(({ level, cells }) =>
    cells.map((c) => sql`(${level}::integer, ${c.cx}::integer, ${c.cy}::integer)`),
  );
  if (wanted.length === 0) return [];
  return db
    .selectDistinctOn([canvasCells.level, canvasCells.cy, canvasCells.cx], CELL_REF_COLUMNS)
    .from(canvasCells)
    .where(
      and(
        eq(canvasCells.roomId, roomId),
        lte(canvasCells.version, version),
        sql`(${canvasCells.level}, ${canvasCells.cx}, ${canvasCells.cy}) in (${sql.join(wanted, sql`, `)})`,
      ),
    )
    .orderBy(asc(canvasCells.level), asc(canvasCells.cy), asc(canvasCells.cx), desc(canvasCells.version));
}

/** The highest pyramid level stored for a version (0 when only level 0 exists); null for no cells. */
export async function getTopLevel(db: Db, roomId: string, version: number): Promise<number | null> {
  if (!isUuid(roomId)) return null;
  const [row] = await db
    .select({ level: sql<number | null>`max(${canvasCells.level})` })
    .from(canvasCells)
    .where(and(eq(canvasCells.roomId, roomId), lte(canvasCells.version, version)));
  return row?.level ?? null;
}

/** Every referenced blob key, in key order, paged by `after` (for blob garbage collection). */
export async function listCellBlobKeys(
  db: Db,
  options: { after?: string; limit?: number } = {},
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ blobKey: canvasCells.blobKey })
    .from(canvasCells)
    .where(options.after === undefined ? undefined : gt(canvasCells.blobKey, options.after))
    .orderBy(asc(canvasCells.blobKey))
    .limit(options.limit ?? 1000);
  return rows.map((r) => r.blobKey);
}
