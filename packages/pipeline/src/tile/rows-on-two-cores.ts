import { type HybridMatchResult, hybridRows, type PixelBuffer } from '@exquisite/geometry';
import { pngWorkers } from '../image/png-worker.js';
import { SharedScratch } from '../image/shared-scratch.js';

/** Below this many rows a band is not worth a worker's round trip (≈ 2 ms: two 3 MB copies). */
const MIN_BAND_ROWS = 128;
const shared = new SharedScratch(2);

/**
 * Runs the hybrid transfer's per-pixel pass left by `hybridMatch(…, { deferRows: true })` on
 * both cores: the bottom half of the span on a PNG worker (idle in the tile phase: the
 * reference was encoded before the model was called) while this thread does the top half.
 * The worker reads the generated tile from, and writes its rows to, shared memory; its rows
 * are copied into `out` here. The halves' bytes are those of one pass but where the bottom
 * half's running sums start (docs/seams.md, "The transfer on both cores").
 */
export async function hybridRowsOnTwoCores(
  generated: PixelBuffer,
  rows: NonNullable<HybridMatchResult['rows']>,
  out: Uint8Array,
): Promise<void> {
  const { pass, span } = rows;
  const bandRows = span.y1 - span.y0;
  if (bandRows < 2 * MIN_BAND_ROWS || span.x1 <= span.x0) {
    hybridRows(generated, pass, span, out);
    return;
  }
  const mid = span.y0 + (bandRows >> 1);
  const { width, height, channels } = generated;
  const pixels = shared.take(generated.data.length);
  pixels.set(generated.data);
  const theirs = shared.take(out.length);
  const bottom = { ...span, y0: mid };
  const there = pngWorkers().run({
    kind: 'hybrid-rows',
    generated: { data: pixels, width, height, channels },
    pass,
    span: bottom,
    out: theirs,
  });
  try {
    hybridRows(generated, pass, { ...span, y1: mid }, out);
    await there;
    const rowBytes = width * channels;
    for (let y = bottom.y0; y < bottom.y1; y++) {
      const from = y * rowBytes + bottom.x0 * channels;
      out.set(theirs.subarray(from, y * rowBytes + bottom.x1 * channels), from);
    }
  } finally {
    // The worker may still read and write them until its job has settled.
    await there.catch(() => {});
    shared.give(pixels);
    shared.give(theirs);
  }
}
