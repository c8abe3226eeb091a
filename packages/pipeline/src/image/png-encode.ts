import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { constants, crc32, deflate, deflateRaw } from 'node:zlib';
import { assertPixelBuffer, type PixelBuffer } from '@exquisite/geometry';
import { filterUp, PNG_SIGNATURE, pngEnd, pngHeader } from './png-format.js';
import { ScratchPool } from './scratch-pool.js';

const deflateAsync = promisify(deflate);
const scratch = new ScratchPool();
const deflateRawAsync = promisify(deflateRaw);

/** Below this many filtered bytes an image is deflated in one piece (a 512² cell is 0.75 MiB). */
const SPLIT_BYTES = 2 * 1024 * 1024;
/**
 * zlib's output buffer for `length` input bytes: room for all of it (deflate never grows data by
 * more than a few bytes per 16 KiB block), so the whole deflate is one job on a worker thread.
 * With smaller chunks every chunk is a round trip through this thread, and a busy event loop —
 * the pyramid being built meanwhile — stalls every encode in flight.
 */
function chunkFor(length: number): number {
  return length + (length >> 10) + 1024;
}
/** zlib header for a 32 KiB window, "fastest" level; (0x78·256 + 0x01) is a multiple of 31. */
const ZLIB_HEADER = Uint8Array.of(0x78, 0x01);

/**
 * Encodes RGB or RGBA pixels as PNG the way every cell, pyramid cell and tile artifact is
 * stored: Up-filtered scanlines, deflated with zlib's run-length strategy on its worker threads.
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
 * else could use the other core — the reference the generator waits for; elsewhere the Adler-32
 * it then has to sum on this thread is a cost. Deterministic for a given zlib version.
 */
export async function encodePng(buf: PixelBuffer, options: { parallel?: boolean } = {}): Promise<Uint8Array> {
  assertPixelBuffer(buf);
  if (buf.width < 1 || buf.height < 1)
    throw new RangeError(`cannot encode an empty ${buf.width}×${buf.height} image`);
  const rowBytes = buf.width * buf.channels;
  const filtered = filterUp(buf.data, rowBytes, scratch.take(buf.height * (rowBytes + 1)));
  const bands = options.parallel
    ? bandsOf(buf.height, rowBytes + 1, filtered.length)
    : [[0, filtered.length] as [number, number]];
  let parts: Uint8Array[];
  try {
    parts =
      bands.length === 1
        ? [await deflateAsync(filtered, { strategy: constants.Z_RLE, chunkSize: chunkFor(filtered.length) })]
        : await deflateBands(filtered, bands, constants.Z_RLE);
  } finally {
    // Only once zlib is done reading it (deflateBands gives it back itself once all bands settled).
    if (bands.length === 1) scratch.give(filtered);
  }

  const header = pngHeader(buf.width, buf.height, buf.channels);
  const end = pngEnd();
  const idatLength = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(PNG_SIGNATURE.length + header.length + 12 + idatLength + end.length);
  const view = new DataView(out.buffer);
  let at = 0;
  const put = (bytes: Uint8Array) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  put(PNG_SIGNATURE);
  put(header);
  const idat = at;
  view.setUint32(at, idatLength);
  at += 4;
  put(IDAT);
  for (const part of parts) put(part);
  view.setUint32(at, crc32(out.subarray(idat + 4, at)) >>> 0);
  at += 4;
  put(end);
  return out;
}

const IDAT = Uint8Array.of(0x49, 0x44, 0x41, 0x54);

/**
 * One zlib stream from bands deflated in parallel: header, the raw bands (all but the last
 * ending on a sync flush, so they concatenate), and the Adler-32 of the whole — summed here
 * while the bands deflate on zlib's threads.
 */
async function deflateBands(
  filtered: Uint8Array,
  bands: Array<[number, number]>,
  strategy: number,
): Promise<Uint8Array[]> {
  const deflated = Promise.allSettled(
    bands.map(([from, to], i) =>
      deflateRawAsync(filtered.subarray(from, to), {
        strategy,
        chunkSize: chunkFor(to - from),
        finishFlush: i === bands.length - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      }),
    ),
  );
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler32(filtered));
  // Every band settles before the scratch goes back, even when one fails.
  const outcomes = await deflated;
  scratch.give(filtered);
  const parts: Uint8Array[] = [ZLIB_HEADER];
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason;
    parts.push(outcome.value);
  }
  parts.push(trailer);
  return parts;
}

/** Byte ranges of whole scanlines: one band, or one per core for a large image. */
function bandsOf(rows: number, lineBytes: number, total: number): Array<[number, number]> {
  const count = total < SPLIT_BYTES ? 1 : Math.max(1, Math.min(availableParallelism(), 4, rows));
  const bands: Array<[number, number]> = [];
  for (let b = 0; b < count; b++) {
    bands.push([
      Math.floor((rows * b) / count) * lineBytes,
      Math.floor((rows * (b + 1)) / count) * lineBytes,
    ]);
  }
  return bands;
}

/** Adler-32 of the uncompressed stream (RFC 1950), the zlib trailer. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // Reduced every 2048 bytes so both sums stay below 2^31 and V8 keeps them int32.
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 2048, data.length);
    for (; i < end; i++) {
      a = (a + data[i]!) | 0;
      b = (b + a) | 0;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
