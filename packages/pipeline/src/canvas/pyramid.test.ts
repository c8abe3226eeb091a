import { type Cell, type Rect, worldToLocal } from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../testing/memory-blob-store.js';
import { worldPattern } from '../testing/pictures.js';
import type { CellRef } from './cell-ref.js';
import { type LoadCellRefs, updatePyramid } from './pyramid.js';
import { readCell } from './read-cell.js';
import { writeCells } from './write-cells.js';

/** A canvas version as the store would hold it: cells per (level, cx, cy). */
class Version {
  readonly cells = new Map<string, CellRef>();
  readonly loads: Array<{ level: number; cells: Cell[] }> = [];

  static key(level: number, cell: Cell): string {
    return `${level}:${cell.cx},${cell.cy}`;
  }

  add(refs: readonly CellRef[]): this {
    for (const ref of refs) this.cells.set(Version.key(ref.level, ref), ref);
    return this;
  }

  next(): Version {
    return new Version().add([...this.cells.values()]);
  }

  at(level: number): CellRef[] {
    return [...this.cells.values()].filter((r) => r.level === level);
  }

  readonly load: LoadCellRefs = async (level, cells) => {
    this.loads.push({ level, cells: [...cells] });
    return cells.flatMap((cell) => {
      const ref = this.cells.get(Version.key(level, cell));
      return ref ? [ref] : [];
    });
  };
}

const coords = (refs: readonly CellRef[]) =>
  refs.map((r) => `${r.level}:${r.cx},${r.cy}`).sort((a, b) => a.localeCompare(b));

describe('updatePyramid', () => {
  it('builds each parent as the 2× box-downsample of its children, transparent outside the canvas', async () => {
    const canvas: Rect = { x: -512, y: -1024, width: 1536, height: 1024 }; // 3×2 cells → top level 1
    const pixels = worldPattern(canvas);
    const blobs = new MemoryBlobStore();
    const level0 = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
    const version = new Version().add(level0);
    const written = await updatePyramid(blobs, version.load, level0, { before: null, after: canvas });
    expect(coords(written)).toEqual(['1:-1,-1', '1:0,-1']);

    for (const ref of written) {
      const cell = await readCell(blobs, ref);
      expect(cell.channels).toBe(4);
      const world = { x: ref.cx * 1024, y: ref.cy * 1024 };
      // Every parent pixel, computed straight from the level-0 pixels.
      for (let py = 0; py < 512; py += 7) {
        for (let px = 0; px < 512; px += 5) {
          const wx = world.x + 2 * px;
          const wy = world.y + 2 * py;
          const o = (py * 512 + px) * 4;
          const inside = wx >= canvas.x && wx < canvas.x + canvas.width;
          if (!inside) {
            expect(cell.data[o + 3]).toBe(0);
            continue;
          }
          const l = worldToLocal({ x: wx, y: wy, width: 2, height: 2 }, canvas);
          for (let k = 0; k < 3; k++) {
            const at = (dx: number, dy: number) =>
              pixels.data[((l.y + dy) * canvas.width + l.x + dx) * 3 + k]!;
            expect(cell.data[o + k]).toBe((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) >> 2);
          }
          expect(cell.data[o + 3]).toBe(255);
        }
      }
    }
  });

  it('rewrites only ancestors of changed cells, and equals a full rebuild', async () => {
    const before: Rect = { x: 0, y: 0, width: 2048, height: 4096 }; // 4×8 cells → top level 2
    const after: Rect = { x: 0, y: 0, width: 2560, height: 4096 }; // grown right: still top level 2
    const blobs = new MemoryBlobStore();
    const v1 = new Version().add(
      await writeCells(blobs, { buffer: worldPattern(before), origin: before }, before),
    );
    v1.add(await updatePyramid(blobs, v1.load, v1.at(0), { before: null, after: before }));
    expect(v1.at(1)).toHaveLength(8);
    expect(v1.at(2)).toHaveLength(2);

    // The step's changed region: the new band plus a 128-px feather strip of the old canvas.
    const grown = worldPattern(after, 99);
    const changed: Rect = { x: 1920, y: 0, width: 640, height: 4096 };
    const v2 = v1.next();
    const changedCells = await writeCells(blobs, { buffer: grown, origin: after }, changed);
    v2.add(changedCells);
    blobs.resetCounts();
    const written = await updatePyramid(blobs, v1.load, changedCells, { before, after });
    v2.add(written);

    expect(coords(written)).toEqual(
      [
        ...[1, 2].flatMap((cx) => [0, 1, 2, 3].map((cy) => `1:${cx},${cy}`)),
        ...['2:0,0', '2:0,1', '2:1,0', '2:1,1'],
      ].sort((a, b) => a.localeCompare(b)),
    );
    // The untouched left column of level 1 was neither read for rewriting nor written.
    expect(blobs.puts).toHaveLength(written.length);
    for (const ref of v1.at(1).filter((r) => r.cx === 0)) expect(v2.cells.get(`1:0,${ref.cy}`)).toBe(ref);

    // Incremental result equals rebuilding every level from the full level-0 set.
    const full = new Version().add(v2.at(0));
    const rebuilt = await updatePyramid(blobs, full.load, v2.at(0), { before: null, after });
    const bySha = (refs: readonly CellRef[]) =>
      new Map(refs.map((r) => [`${r.level}:${r.cx},${r.cy}`, r.sha256]));
    expect(bySha([...v2.at(1), ...v2.at(2)])).toEqual(bySha(rebuilt));
  });

  it('adds a level when the canvas outgrows the old top level', async () => {
    const before: Rect = { x: -512, y: -1024, width: 1536, height: 1024 }; // top level 1
    const after: Rect = { x: -512, y: -1024, width: 2048, height: 1024 }; // top level 2
    const blobs = new MemoryBlobStore();
    const v1 = new Version().add(
      await writeCells(blobs, { buffer: worldPattern(before), origin: before }, before),
    );
    v1.add(await updatePyramid(blobs, v1.load, v1.at(0), { before: null, after: before }));

    const v2 = v1.next();
    const changedCells = await writeCells(
      blobs,
      { buffer: worldPattern(after, 5), origin: after },
      { x: 896, y: -1024, width: 640, height: 1024 },
    );
    v2.add(changedCells);
    const written = await updatePyramid(blobs, v1.load, changedCells, { before, after });
    v2.add(written);
    expect(coords(written)).toEqual(['1:0,-1', '1:1,-1', '2:-1,-1', '2:0,-1']);

    const full = new Version().add(v2.at(0));
    const rebuilt = await updatePyramid(blobs, full.load, v2.at(0), { before: null, after });
    expect(coords(rebuilt)).toEqual(coords([...v2.at(1), ...v2.at(2)]));
    const shas = (refs: readonly CellRef[]) =>
      refs.map((r) => `${r.level}:${r.cx},${r.cy}=${r.sha256}`).sort();
    expect(shas([...v2.at(1), ...v2.at(2)])).toEqual(shas(rebuilt));
  });

  it('builds no pyramid for a 1024² canvas (level 0 is already 2×2)', async () => {
    const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1024 };
    const blobs = new MemoryBlobStore();
    const level0 = await writeCells(blobs, { buffer: worldPattern(canvas), origin: canvas }, canvas);
    expect(await updatePyramid(blobs, new Version().load, level0, { before: null, after: canvas })).toEqual(
      [],
    );
  });
});
