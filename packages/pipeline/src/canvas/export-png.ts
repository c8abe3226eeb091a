import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';
import { cellRect, cellsIntersecting, intersectRect, type Rect } from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';
import { filterScanlines, PNG_SIGNATURE, pngChunk, pngEnd, pngHeader } from '../image/png-format.js';
import { CellIndex, type CellRef, toCellIndex } from './cell-ref.js';
import { readRegion } from './read-region.js';

export interface ExportOptions {
  /** zlib level for the export's IDAT stream (default 6: exports are written once, read often). */
  compressionLevel?: number;
}

/**
 * Streams the canvas as one RGB PNG of exactly `canvas.width × canvas.height`.
 * It walks the canvas one cell row (a 512-px band) at a time: assemble the band from its
 * cells, filter its scanlines, push them through one deflate stream, frame the output as
 * IDAT chunks. Memory is bounded by one band (width × 512 × 3 bytes) plus zlib's window,
 * whatever the canvas height; the consumer's pace drives the work (backpressure), since
 * nothing is produced until the returned stream is read.
 */
export function exportCanvasPng(
  canvas: Rect,
  cellRefsLevel0: CellIndex | readonly CellRef[],
  blobs: BlobStore,
  options: ExportOptions = {},
): Readable {
  const index = cellRefsLevel0 instanceof CellIndex ? cellRefsLevel0 : toCellIndex(cellRefsLevel0, 0);
  return Readable.from(pngStream(canvas, index, blobs, options.compressionLevel ?? 6), { objectMode: false });
}

async function* pngStream(
  canvas: Rect,
  index: CellIndex,
  blobs: BlobStore,
  level: number,
): AsyncGenerator<Uint8Array> {
  yield PNG_SIGNATURE;
  yield pngHeader(canvas.width, canvas.height, 3);

  const deflate = createDeflate({ level });
  // Feed the deflater from a lazy band generator; `pipeline` propagates errors both ways and
  // waits for the deflater's own backpressure before producing the next band.
  const feeding = pipeline(
    Readable.from(scanlineBands(canvas, index, blobs), { objectMode: false }),
    deflate,
  );
  feeding.catch(() => {
    // Surfaced through the deflate iteration below; avoid an unhandled rejection.
  });
  for await (const compressed of deflate) {
    yield pngChunk('IDAT', compressed as Buffer);
  }
  await feeding;
  yield pngEnd();
}

async function* scanlineBands(canvas: Rect, index: CellIndex, blobs: BlobStore): AsyncGenerator<Uint8Array> {
  const rowBytes = canvas.width * 3;
  let previous: Uint8Array = new Uint8Array(rowBytes);
  // One band per cell row: the canvas' left column of cells, each giving a 512-px band.
  const firstColumn = { x: canvas.x, y: canvas.y, width: 1, height: canvas.height };
  for (const cell of cellsIntersecting(firstColumn)) {
    const band = intersectRect(canvas, { ...cellRect(cell), x: canvas.x, width: canvas.width });
    if (band === null) continue;
    const pixels = await readRegion(blobs, index, band, { cache: false });
    const { filtered, last } = filterScanlines(pixels.data, rowBytes, 3, previous);
    previous = last;
    yield filtered;
  }
}
