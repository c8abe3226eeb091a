import { type Cell, cellKey } from '@exquisite/geometry';

/**
 * A stored cell as the database references it (the store's type: one definition for both
 * sides). `sha256` is the hash of the cell's raw pixels, not of its PNG bytes, so the same
 * picture always maps to the same blob whatever the encoder does.
 */
export type { CellRef } from '@exquisite/store';

import type { CellRef } from '@exquisite/store';

/** The artifacts a tile leaves for the reproducibility record. */
export type TileArtifactKind = 'reference' | 'mask' | 'raw' | 'composited';

/** Content-addressed key of a cell (level 0 or pyramid): `cells/<sha256 of raw pixels>.png`. */
export function cellBlobKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError(`not a sha256 hex digest: ${sha256}`);
  return `cells/${sha256}.png`;
}

/** Key of one tile artifact of a step: `steps/<stepId>/tile-<i>-<kind>.png`. */
export function artifactBlobKey(stepId: string, tileIndex: number, kind: TileArtifactKind): string {
  if (!/^[A-Za-z0-9_-]+$/.test(stepId)) throw new RangeError(`unsafe step id for a blob key: ${stepId}`);
  if (!Number.isInteger(tileIndex) || tileIndex < 0) throw new RangeError(`bad tile index ${tileIndex}`);
  return `steps/${stepId}/tile-${tileIndex}-${kind}.png`;
}

/** Lookup of one level's cell refs by grid position. */
export class CellIndex {
  readonly level: number;
  readonly #byCell = new Map<string, CellRef>();

  constructor(level: number, refs: Iterable<CellRef> = []) {
    this.level = level;
    for (const ref of refs) this.set(ref);
  }

  /** Adds or replaces a ref; refs of another level are a programming error. */
  set(ref: CellRef): void {
    if (ref.level !== this.level) {
      throw new RangeError(`cell (${ref.cx},${ref.cy}) is level ${ref.level}, index is level ${this.level}`);
    }
    this.#byCell.set(cellKey(ref), ref);
  }

  get(cell: Cell): CellRef | undefined {
    return this.#byCell.get(cellKey(cell));
  }

  get size(): number {
    return this.#byCell.size;
  }

  values(): IterableIterator<CellRef> {
    return this.#byCell.values();
  }
}

/** Accepts either a prepared index or a plain list of refs (filtered to `level`). */
export function toCellIndex(cells: CellIndex | readonly CellRef[], level: number): CellIndex {
  if (cells instanceof CellIndex) {
    if (cells.level !== level) throw new RangeError(`index is level ${cells.level}, wanted ${level}`);
    return cells;
  }
  return new CellIndex(
    level,
    cells.filter((ref) => ref.level === level),
  );
}
