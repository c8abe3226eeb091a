import { type Cell, cellKey } from '@exquisite/geometry';
import { type CellRef, type Db, getCellsAtLevels } from '@exquisite/store';
import type { LoadCellRefs } from '../canvas/pyramid.js';

interface Pending {
  level: number;
  cells: Cell[];
  resolve: (refs: CellRef[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The previous version's cell refs for `updatePyramid`, with the lookups it makes in one go
 * (one per level, all in the same tick) answered by a single query: a step's pyramid asks for a
 * cell or two at every level, and each query is a round trip (PGlite: a pass through its
 * WebAssembly Postgres on this thread).
 */
export function batchedCellRefLoader(db: Db, roomId: string, version: number): LoadCellRefs {
  let queue: Pending[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    try {
      const rows = await getCellsAtLevels(
        db,
        roomId,
        version,
        batch.map(({ level, cells }) => ({ level, cells })),
      );
      for (const request of batch) {
        const wanted = new Set(request.cells.map(cellKey));
        request.resolve(rows.filter((r) => r.level === request.level && wanted.has(cellKey(r))));
      }
    } catch (error) {
      for (const request of batch) request.reject(error);
    }
  };
  return (level, cells) =>
    new Promise<CellRef[]>((resolve, reject) => {
      queue.push({ level, cells: [...cells], resolve, reject });
      if (queue.length === 1) queueMicrotask(() => void flush());
    });
}
