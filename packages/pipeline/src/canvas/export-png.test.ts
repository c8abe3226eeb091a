import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, createInflate } from 'node:zlib';
import { cellsIntersecting, type Rect } from '@exquisite/geometry';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../testing/memory-blob-store.js';
import { worldPattern } from '../testing/pictures.js';
import type { CellRef } from './cell-ref.js';
import { exportCanvasPng } from './export-png.js';
import { writeCells } from './write-cells.js';

interface Chunk {
  type: string;
  data: Buffer;
}

/** Splits a PNG into chunks, checking the signature and every CRC. */
function parseChunks(png: Buffer): Chunk[] {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/** Cells for a tall canvas that all point at one stored blob: cheap to set up, huge to export. */
async function tallCanvas(
  height: number,
): Promise<{ canvas: Rect; refs: CellRef[]; blobs: MemoryBlobStore }> {
  const blobs = new MemoryBlobStore();
  const one: Rect = { x: 0, y: 0, width: 512, height: 512 };
  const [cell] = await writeCells(blobs, { buffer: worldPattern(one), origin: one }, one);
  const canvas: Rect = { x: 0, y: 0, width: 1024, height };
  const refs = cellsIntersecting(canvas).map(({ cx, cy }) => ({ ...cell!, cx, cy }));
  return { canvas, refs, blobs };
}

describe('exportCanvasPng', () => {
  it('streams a PNG whose pixels equal the cells (non-square canvas, negative origin)', async () => {
    const canvas: Rect = { x: -1024, y: -512, width: 1536, height: 2048 };
    const pixels = worldPattern(canvas, 3);
    const blobs = new MemoryBlobStore();
    const refs = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
    const png = await collect(exportCanvasPng(canvas, refs, blobs));

    const chunks = parseChunks(png);
    expect(chunks[0]!.type).toBe('IHDR');
    expect(chunks.at(-1)!.type).toBe('IEND');
    expect(chunks.filter((c) => c.type === 'IDAT').length).toBeGreaterThan(0);

    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 1536, height: 2048, channels: 3 });
    expect(data.equals(Buffer.from(pixels.data))).toBe(true);
  });

  it('exports missing cells as black', async () => {
    const canvas: Rect = { x: 0, y: 0, width: 1024, height: 1024 };
    const pixels = worldPattern(canvas);
    const blobs = new MemoryBlobStore();
    const refs = (await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas)).filter(
      (r) => !(r.cx === 1 && r.cy === 1),
    );
    const { data } = await sharp(await collect(exportCanvasPng(canvas, refs, blobs)))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data.subarray((y * 1024 + x) * 3, (y * 1024 + x) * 3 + 3);
    expect(Array.from(at(700, 700))).toEqual([0, 0, 0]);
    expect(Array.from(at(100, 700))).toEqual(
      Array.from(pixels.data.subarray((700 * 1024 + 100) * 3, (700 * 1024 + 100) * 3 + 3)),
    );
  });

  it('respects backpressure: an unread export stops reading cells', async () => {
    const { canvas, refs, blobs } = await tallCanvas(512 * 200);
    blobs.resetCounts();
    const stream = exportCanvasPng(canvas, refs, blobs);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await sleep(300); // let anything that would run ahead do so
    expect(blobs.gets.length).toBeGreaterThan(0);
    expect(blobs.gets.length).toBeLessThan(refs.length / 4);
    stream.destroy();
  });

  it('exports a 1024 × 100 352 canvas with bounded memory', async () => {
    const { canvas, refs, blobs } = await tallCanvas(512 * 196);
    const stream = exportCanvasPng(canvas, refs, blobs, { compressionLevel: 1 });
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let ihdr: Buffer | null = null;
    let idatBytes = 0;
    let pending = Buffer.alloc(0);
    // Parse chunks as they arrive and inflate IDAT data as a stream, counting bytes: the
    // test itself must not hold the image either.
    const inflate = createInflate();
    let inflated = 0;
    let firstFilterByte = -1;
    inflate.on('data', (d: Buffer) => {
      if (firstFilterByte < 0) firstFilterByte = d[0]!;
      inflated += d.length;
    });
    const inflateDone = new Promise((resolve, reject) => inflate.on('end', resolve).on('error', reject));
    for await (const part of stream) {
      pending = Buffer.concat([pending, Buffer.from(part as Uint8Array)]);
      if (pending.subarray(0, 8).toString('latin1') === '\x89PNG\r\n\x1a\n') pending = pending.subarray(8);
      while (pending.length >= 12 && pending.length >= 12 + pending.readUInt32BE(0)) {
        const length = pending.readUInt32BE(0);
        const type = pending.toString('latin1', 4, 8);
        if (type === 'IHDR') ihdr = Buffer.from(pending.subarray(8, 8 + length));
        if (type === 'IDAT') {
          idatBytes += length;
          if (!inflate.write(Buffer.from(pending.subarray(8, 8 + length)))) await once(inflate, 'drain');
        }
        pending = pending.subarray(12 + length);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(ihdr?.readUInt32BE(0)).toBe(1024);
    expect(ihdr?.readUInt32BE(4)).toBe(512 * 196);
    expect(idatBytes).toBeGreaterThan(0);
    // The raw image is 1024 × 100 352 × 3 ≈ 308 MB; the export must never hold it.
    expect(peak - baseline).toBeLessThan(150 * 1024 * 1024);
    inflate.end();
    await inflateDone;
    // Every scanline: one filter byte (Paeth = 4) plus 1024 RGB pixels.
    expect(inflated).toBe(512 * 196 * (1 + 1024 * 3));
    expect(firstFilterByte).toBe(4);
  }, 120_000);
});
