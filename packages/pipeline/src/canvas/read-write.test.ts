import { cellsIntersecting, crop, type Rect, worldToLocal } from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { StepFailure } from '../failure.js';
import { sha256Hex } from '../image/hash.js';
import { MemoryBlobStore } from '../testing/memory-blob-store.js';
import { worldPattern } from '../testing/pictures.js';
import { cellBlobKey } from './cell-ref.js';
import { readRegion } from './read-region.js';
import { writeCells } from './write-cells.js';

const bytesEqual = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('writeCells / readRegion', () => {
  // A non-square canvas with a negative origin: 3×2 cells.
  const canvas: Rect = { x: -512, y: -1024, width: 1536, height: 1024 };
  const pixels = worldPattern(canvas);

  it('round-trips the canvas exactly, cell by cell, content-addressed', async () => {
    const blobs = new MemoryBlobStore();
    const refs = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
    expect(refs.map(({ cx, cy }) => ({ cx, cy }))).toEqual(cellsIntersecting(canvas));
    for (const ref of refs) {
      expect(ref.level).toBe(0);
      expect(ref.blobKey).toBe(cellBlobKey(ref.sha256));
      const local = worldToLocal({ x: ref.cx * 512, y: ref.cy * 512, width: 512, height: 512 }, canvas);
      expect(ref.sha256).toBe(sha256Hex(crop(pixels, local).data));
    }
    const back = await readRegion(blobs, refs, canvas);
    expect(bytesEqual(back.data, pixels.data)).toBe(true);
  });

  it('reads an unaligned sub-rect exactly, touching only the cells it intersects', async () => {
    const blobs = new MemoryBlobStore();
    const refs = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
    const cold = blobs.coldView();
    const rect: Rect = { x: -100, y: -700, width: 300, height: 150 }; // inside cells (-1,-2) and (0,-2)
    const region = await readRegion(cold, refs, rect);
    expect(bytesEqual(region.data, crop(pixels, worldToLocal(rect, canvas)).data)).toBe(true);
    const read = new Set(cold.gets);
    const expected = new Set(
      refs.filter((r) => r.cy === -2 && (r.cx === -1 || r.cx === 0)).map((r) => r.blobKey),
    );
    expect(read).toEqual(expected);
    expect(cold.gets).toHaveLength(2);
    // The writer's own store object serves what it just wrote from decoded memory.
    blobs.resetCounts();
    expect(bytesEqual((await readRegion(blobs, refs, rect)).data, region.data)).toBe(true);
    expect(blobs.gets).toHaveLength(0);
  });

  it('fills cells with no ref with black', async () => {
    const blobs = new MemoryBlobStore();
    const refs = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
    const rect: Rect = { x: 900, y: -600, width: 400, height: 100 }; // straddles the right edge (x = 1024)
    const region = await readRegion(blobs, refs, rect);
    const inside = crop(pixels, worldToLocal({ x: 900, y: -600, width: 124, height: 100 }, canvas));
    for (let y = 0; y < 100; y++) {
      const row = region.data.subarray(y * 400 * 3, (y + 1) * 400 * 3);
      expect(bytesEqual(row.subarray(0, 124 * 3), inside.data.subarray(y * 124 * 3, (y + 1) * 124 * 3))).toBe(
        true,
      );
      expect(row.subarray(124 * 3).every((v) => v === 0)).toBe(true);
    }
  });

  it('writes only the cells intersecting the changed rect', async () => {
    const blobs = new MemoryBlobStore();
    const changed: Rect = { x: 896, y: -1024, width: 128, height: 1024 }; // a feather strip in column cx = 1
    const refs = await writeCells(blobs, { buffer: pixels, origin: canvas }, changed);
    expect(refs.map(({ cx, cy }) => [cx, cy])).toEqual([
      [1, -2],
      [1, -1],
    ]);
    expect(blobs.puts).toHaveLength(2);
  });

  it('gives identical cells the same blob', async () => {
    const blobs = new MemoryBlobStore();
    const flat = {
      data: new Uint8Array(1024 * 512 * 3).fill(77),
      width: 1024,
      height: 512,
      channels: 3 as const,
    };
    const refs = await writeCells(
      blobs,
      { buffer: flat, origin: { x: 0, y: 0 } },
      { x: 0, y: 0, width: 1024, height: 512 },
    );
    expect(refs).toHaveLength(2);
    expect(refs[0]!.blobKey).toBe(refs[1]!.blobKey);
    expect(blobs.blobs.size).toBe(1);
  });

  it('refuses a changed rect whose cells are not wholly inside the working buffer', async () => {
    const blobs = new MemoryBlobStore();
    await expect(
      writeCells(blobs, { buffer: pixels, origin: canvas }, { x: 1000, y: -100, width: 100, height: 10 }),
    ).rejects.toThrow(RangeError);
  });

  it('turns a failing blob store into ARTIFACT_WRITE_ERROR', async () => {
    const blobs = new MemoryBlobStore();
    blobs.failPuts = new Error('disk full');
    const err = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect((err as StepFailure).code).toBe('ARTIFACT_WRITE_ERROR');
  });

  it('treats a ref whose blob is missing as corruption, not as an empty cell', async () => {
    const blobs = new MemoryBlobStore();
    const refs = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
    await blobs.delete(refs[0]!.blobKey);
    await expect(readRegion(blobs.coldView(), refs, canvas)).rejects.toThrow(/missing/);
  });
});
