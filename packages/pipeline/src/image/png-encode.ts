import { availableParallelism } from 'node:os';
import { crc32 } from 'node:zlib';
import { assertPixelBuffer, type PixelBuffer } from '@exquisite/geometry';
import { sha256HexAsync } from './hash.js';
import { adler32Combine, framePng } from './png-format.js';
import { pngWorkers, type WorkerJobResult } from './png-worker.js';
import { SharedScratch } from './shared-scratch.js';

export { adler32 } from './png-format.js';

/** Below this many filtered bytes an image is deflated in one piece (a 512² cell is 0.75 MiB). */
const SPLIT_BYTES = 2 * 1024 * 1024;
/** zlib header for a 32 KiB window, "fastest" level; (0x78·256 + 0x01) is a multiple of 31. */
const ZLIB_HEADER = Uint8Array.of(0x78, 0x01);
const shared = new SharedScratch();

/**
 * Encodes RGB or RGBA pixels as PNG the way every cell, pyramid cell and tile artifact is
 * stored: Up-filtered scanlines, deflated with zlib's run-length strategy. All of it — filter,
 * deflate, framing — runs on the PNG workers (png-worker.ts): this thread only copies the pixels
 * over, so a step's dozen encodes cost its event loop a few memcpys.
 *
 * Why not sharp's PNG writer: it offers either no filter or all five tried per row. Measured on
 * photographs (docs/pipeline.md, "how PNGs are written"), no filter at zlib level 4 — what cells
 * used — is ~40 % bigger and ~2× slower than Up + run-length; trying all filters is 2–3× slower
 * still. After a good predictor, Huffman coding captures most of what full LZ77 matching would
 * at a fraction of the time, and distance-1 runs keep what matters of the rest: smooth areas
 * and the transparent rows of upper pyramid cells, where Huffman alone would still spend a
 * bit per byte (~5× bigger there).
 *
 * With `parallel` a large image is cut into row bands that deflate at once, each as its own raw
 * stream (no match reaches back into another band), concatenated into one (each band but the
 * last ends on a sync flush): a 1024² tile encodes on both cores. Worth it only where nothing
 * else could use the other core — the reference the generator waits for. Each band's Adler-32
 * is summed by its worker and the trailer combined here. Deterministic for a given zlib version.
 */
export async function encodePng(buf: PixelBuffer, options: { parallel?: boolean } = {}): Promise<Uint8Array> {
  return (await encode(buf, options.parallel ?? false, false)).png;
}

/**
 * `encodePng` and the SHA-256 (hex) of the PNG, hashed on the worker that encoded it: what a
 * stored artifact needs, without the PNG crossing back to a hashing thread.
 */
export async function encodePngHashed(
  buf: PixelBuffer,
  options: { parallel?: boolean } = {},
): Promise<{ png: Uint8Array; sha256: string }> {
  const { png, sha256 } = await encode(buf, options.parallel ?? false, true);
  // Bands are framed here: their PNG is hashed on libuv's threads instead.
  return { png, sha256: sha256 ?? (await sha256HexAsync(png)) };
}

async function encode(
  buf: PixelBuffer,
  parallel: boolean,
  hash: boolean,
): Promise<{ png: Uint8Array; sha256: string | null }> {
  assertPixelBuffer(buf);
  if (buf.width < 1 || buf.height < 1)
    throw new RangeError(`cannot encode an empty ${buf.width}×${buf.height} image`);
  const rowBytes = buf.width * buf.channels;
  const bands = parallel ? bandsOf(buf.height, rowBytes) : [[0, buf.height] as [number, number]];
  // The workers read a copy in shared memory: the caller's pixels stay readable and writable.
  const pixels = shared.take(buf.data.length);
  pixels.set(buf.data);
  let results: WorkerJobResult[];
  try {
    results = await settleAll(
      bands.map(([from, to], i) => {
        const job =
          bands.length === 1
            ? {
                kind: 'png' as const,
                pixels,
                width: buf.width,
                height: buf.height,
                channels: buf.channels,
                hash,
              }
            : {
                kind: 'band' as const,
                // The band's rows, with the row above it for the Up filter's first line.
                pixels: pixels.subarray((from === 0 ? 0 : from - 1) * rowBytes, to * rowBytes),
                rowBytes,
                above: from > 0,
                last: i === bands.length - 1,
              };
        return pngWorkers().run(job);
      }),
    );
  } finally {
    shared.give(pixels);
  }
  if (bands.length === 1) return pngOf(results[0]!);
  const parts = results.map((result) => {
    if (result.kind !== 'band') throw new Error('PNG worker answered a band with a whole image');
    return result;
  });
  let adler = 1;
  for (const part of parts) adler = adler32Combine(adler, part.adler, part.length);
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler);
  const png = framePng(
    buf.width,
    buf.height,
    buf.channels,
    [ZLIB_HEADER, ...parts.map((p) => p.part), trailer],
    crc32,
  );
  return { png, sha256: null };
}

/** Every job settled (none still reading the shared pixels), then the first failure if any. */
async function settleAll<T>(jobs: Array<Promise<T>>): Promise<T[]> {
  const outcomes = await Promise.allSettled(jobs);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}

function pngOf(result: WorkerJobResult): { png: Uint8Array; sha256: string | null } {
  if (result.kind !== 'png') throw new Error('PNG worker answered a whole image with a band');
  return { png: result.png, sha256: result.sha256 };
}

/** Row ranges: one band, or one per core for a large image. */
function bandsOf(rows: number, rowBytes: number): Array<[number, number]> {
  const total = rows * (rowBytes + 1);
  const count = total < SPLIT_BYTES ? 1 : Math.max(1, Math.min(availableParallelism(), 4, rows));
  const bands: Array<[number, number]> = [];
  for (let b = 0; b < count; b++)
    bands.push([Math.floor((rows * b) / count), Math.floor((rows * (b + 1)) / count)]);
  return bands;
}
