import { cellsIntersecting, type Rect } from '@exquisite/geometry';
import { exportCanvasPng } from '../src/canvas/export-png.js';
import { writeCells } from '../src/canvas/write-cells.js';
import { MemoryBlobStore } from '../src/testing/memory-blob-store.js';
import { worldPattern } from '../src/testing/pictures.js';

/** Streaming export of a tall canvas: throughput and peak RSS growth over the run. */
export async function benchExport(): Promise<Record<string, unknown>> {
  const blobs = new MemoryBlobStore();
  const one: Rect = { x: 0, y: 0, width: 512, height: 512 };
  const [cell] = await writeCells(blobs, { buffer: worldPattern(one), origin: one }, one);
  const canvas: Rect = { x: 0, y: 0, width: 2048, height: 512 * 100 };
  const refs = cellsIntersecting(canvas).map(({ cx, cy }) => ({ ...cell!, cx, cy }));
  const results: Array<Record<string, number>> = [];
  for (const compressionLevel of [1, 6]) {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let bytes = 0;
    const start = performance.now();
    for await (const part of exportCanvasPng(canvas, refs, blobs, { compressionLevel })) {
      bytes += (part as Uint8Array).byteLength;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - start) / 1000;
    results.push({
      compressionLevel,
      seconds: Math.round(seconds * 100) / 100,
      rawMBPerSecond: Math.round((canvas.width * canvas.height * 3) / 1e6 / seconds),
      pngMB: Math.round(bytes / 1e5) / 10,
      peakRssGrowthMB: Math.round((peak - baseline) / 1e6),
    });
  }
  return { what: `exportCanvasPng of a ${canvas.width}×${canvas.height} canvas`, results };
}
