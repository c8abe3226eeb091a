import { availableParallelism } from 'node:os';
import { type HybridRowPass, hybridRowsSource, type PixelSpan } from '@exquisite/geometry';
import { WorkerPool } from '../util/worker-pool.js';
import { adler32, filterUp, framePng } from './png-format.js';

/**
 * What a PNG worker does, all of it off the event loop: the Up filter, the deflate and the
 * framing (and the PNG's SHA-256 when asked) of a whole image, or the filter, raw deflate and
 * Adler-32 of one band of rows of an image encoded in parallel bands. Pixels arrive in shared
 * memory (read, never written, here); the output is transferred back.
 */
export type PngJob =
  | { kind: 'png'; pixels: Uint8Array; width: number; height: number; channels: 3 | 4; hash: boolean }
  | {
      kind: 'band';
      /** The band's rows, preceded by the row above it when `above` (the Up filter's predictor). */
      pixels: Uint8Array;
      rowBytes: number;
      above: boolean;
      /** The last band finishes the stream; the others end on a sync flush so they concatenate. */
      last: boolean;
    };

export type PngJobResult =
  | { kind: 'png'; png: Uint8Array; sha256: string | null }
  | { kind: 'band'; part: Uint8Array; adler: number; length: number };

/**
 * The other job the same workers take, while no PNG is waiting (the tile phase): one row band
 * of the hybrid colour transfer's per-pixel pass (geometry's `hybridRows`), reading the
 * generated tile from shared memory and writing its band's bytes into shared `out`.
 */
export interface HybridRowsJob {
  kind: 'hybrid-rows';
  generated: { data: Uint8Array; width: number; height: number; channels: number };
  pass: HybridRowPass;
  span: PixelSpan;
  out: Uint8Array;
}

export type WorkerJob = PngJob | HybridRowsJob;
export type WorkerJobResult = PngJobResult | { kind: 'hybrid-rows' };

/** What `runPngJob` needs from Node and this package, passed in so it runs from its source text. */
export interface PngJobLib {
  deflateSync: typeof import('node:zlib').deflateSync;
  deflateRawSync: typeof import('node:zlib').deflateRawSync;
  crc32: (data: Uint8Array) => number;
  constants: typeof import('node:zlib').constants;
  createHash: typeof import('node:crypto').createHash;
  filterUp: typeof filterUp;
  adler32: typeof adler32;
  framePng: typeof framePng;
  /** Filtered-row scratch by size: a worker runs one job at a time, so one of each is enough. */
  scratch: Map<number, Uint8Array>;
}

/**
 * One job, exactly as the encoder on the main thread did it before (same filter, same zlib
 * strategy and output buffer, same framing), so the bytes — and every hash and content
 * address made from them — are unchanged. Self-contained: the worker runs it from its source.
 */
export function runPngJob(job: PngJob, lib: PngJobLib): PngJobResult {
  // zlib's output buffer holds the whole result: one pass, no chunk concatenation.
  const chunkFor = (length: number) => length + (length >> 10) + 1024;
  const filter = (pixels: Uint8Array, rowBytes: number) => {
    const size = (pixels.length / rowBytes) * (rowBytes + 1);
    let into = lib.scratch.get(size);
    if (into === undefined) {
      into = new Uint8Array(size);
      lib.scratch.set(size, into);
    }
    return lib.filterUp(pixels, rowBytes, into);
  };
  if (job.kind === 'png') {
    const filtered = filter(job.pixels, job.width * job.channels);
    const deflated = lib.deflateSync(filtered, {
      strategy: lib.constants.Z_RLE,
      chunkSize: chunkFor(filtered.length),
    });
    const png = lib.framePng(job.width, job.height, job.channels, [deflated], lib.crc32);
    const sha256 = job.hash ? lib.createHash('sha256').update(png).digest('hex') : null;
    return { kind: 'png', png, sha256 };
  }
  const all = filter(job.pixels, job.rowBytes);
  // The row above only primed the filter; its own filtered line is not part of the band.
  const band = job.above ? all.subarray(job.rowBytes + 1) : all;
  const deflated = lib.deflateRawSync(band, {
    strategy: lib.constants.Z_RLE,
    chunkSize: chunkFor(band.length),
    finishFlush: job.last ? lib.constants.Z_FINISH : lib.constants.Z_SYNC_FLUSH,
  });
  // A copy of its own: the deflate output may be a view into a larger buffer, not transferable.
  return { kind: 'band', part: new Uint8Array(deflated), adler: lib.adler32(band), length: band.length };
}

/**
 * The worker's script. The functions above are spliced in from their own source text (as
 * compiled), so the worker and the tests run the very same code; `__name` stands in for the
 * helper a build with esbuild's `keepNames` may wrap nested functions in.
 */
export const PNG_WORKER_SOURCE = `'use strict';
const __name = (fn) => fn;
const { parentPort } = require('node:worker_threads');
const { deflateSync, deflateRawSync, crc32, constants } = require('node:zlib');
const { createHash } = require('node:crypto');
const filterUp = ${filterUp.toString()};
const adler32 = ${adler32.toString()};
const framePng = ${framePng.toString()};
const runPngJob = ${runPngJob.toString()};
const runHybridRows = ${hybridRowsSource()};
const lib = { deflateSync, deflateRawSync, crc32, constants, createHash, filterUp, adler32, framePng, scratch: new Map() };
parentPort.on('message', ({ id, job }) => {
  let result;
  try {
    if (job.kind === 'hybrid-rows') {
      runHybridRows(job.generated, job.pass, job.span, job.out);
      result = { kind: 'hybrid-rows' };
    } else result = runPngJob(job, lib);
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message ? error.message : error) } });
    return;
  }
  const bytes = result.kind === 'png' ? result.png : result.kind === 'band' ? result.part : null;
  parentPort.postMessage({ id, result }, bytes ? [bytes.buffer] : []);
});
`;

let pool: WorkerPool<WorkerJob, WorkerJobResult> | null = null;

/** The process-wide PNG workers: one per core (two here), at most four. */
export function pngWorkers(): WorkerPool<WorkerJob, WorkerJobResult> {
  pool ??= new WorkerPool(PNG_WORKER_SOURCE, Math.min(availableParallelism(), 4));
  return pool;
}
