import { crc32 } from 'node:zlib';

/**
 * Minimal PNG framing for the PNGs we deflate ourselves — the streaming export (a canvas is
 * never whole in memory) and `encodePng` (image/png-encode.ts) — signature, chunks and
 * scanline filters. See the PNG specification, sections 5 (datastream), 9 (filtering) and
 * 11.2 (critical chunks).
 */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk: length, type, data, CRC-32 over type + data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  if (!/^[A-Za-z]{4}$/.test(type)) throw new RangeError(`bad PNG chunk type ${type}`);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/** IHDR for 8-bit RGB (colour type 2) or RGBA (6), deflate, adaptive filtering, no interlace. */
export function pngHeader(width: number, height: number, channels: 3 | 4): Uint8Array {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width > 2 ** 31 - 1
  ) {
    throw new RangeError(`bad PNG size ${width}×${height}`);
  }
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data[8] = 8; // bit depth
  data[9] = channels === 3 ? 2 : 6; // colour type
  data[10] = 0; // compression: deflate
  data[11] = 0; // filter method 0 (five per-row filter types)
  data[12] = 0; // no interlace
  return pngChunk('IHDR', data);
}

export function pngEnd(): Uint8Array {
  return pngChunk('IEND', new Uint8Array(0));
}

const FILTER_PAETH = 4;

/**
 * The whole image as Up-filtered PNG scanlines (a filter byte, then each byte minus the one
 * above it). Up is the one PNG filter that is a plain bytewise subtraction of two rows, so it
 * runs four bytes at a time in 32-bit words (SWAR); on photographs it shrinks the deflated
 * data by about a third against no filter, for about half a millisecond per 512² cell.
 * Every byte of `into` (when given, for reuse) is overwritten.
 *
 * Self-contained (no module-level names): the PNG worker runs this very function from its
 * source text (image/png-worker.ts), so the filtered bytes are the same on either thread.
 */
export function filterUp(pixels: Uint8Array, rowBytes: number, into?: Uint8Array): Uint8Array {
  const FILTER_UP = 2;
  // Lane masks for the SWAR subtraction, as int32 so V8 keeps every operand a small integer.
  const HIGH_BITS = 0x80808080 | 0;
  const LOW_BITS = 0x7f7f7f7f;
  const rows = pixels.length / rowBytes;
  if (!Number.isInteger(rows))
    throw new RangeError(`${pixels.length} bytes are not whole rows of ${rowBytes}`);
  const size = rows * (rowBytes + 1);
  if (into !== undefined && into.length !== size)
    throw new RangeError(`filterUp needs ${size} bytes, got ${into.length}`);
  const filtered = into ?? new Uint8Array(size);
  const words = rowBytes % 4 === 0 && pixels.byteOffset % 4 === 0;
  const source = words ? new Int32Array(pixels.buffer, pixels.byteOffset, pixels.length / 4) : null;
  // Rows of the output are 1 byte longer than the input's, so they are never word-aligned:
  // each row is differenced into an aligned scratch row and copied over.
  const scratch = new Int32Array(words ? rowBytes / 4 : 0);
  const scratchBytes = new Uint8Array(scratch.buffer);
  const n = scratch.length;
  for (let r = 0; r < rows; r++) {
    const base = r * (rowBytes + 1);
    filtered[base] = FILTER_UP;
    const start = r * rowBytes;
    if (r === 0) {
      filtered.set(pixels.subarray(0, rowBytes), base + 1);
    } else if (source !== null) {
      const w0 = r * n;
      const above = w0 - n;
      for (let i = 0; i < n; i++) {
        const x = source[w0 + i]!;
        const y = source[above + i]!;
        // Bytewise x − y mod 256: the high bit of every byte of x is forced on and of y off, so
        // no lane borrows from its neighbour; the XOR restores each lane's true high bit.
        scratch[i] = (((x | HIGH_BITS) - (y & LOW_BITS)) | 0) ^ ((x ^ ~y) & HIGH_BITS);
      }
      filtered.set(scratchBytes, base + 1);
    } else {
      let o = base + 1;
      for (let i = start; i < start + rowBytes; i++) filtered[o++] = pixels[i]! - pixels[i - rowBytes]!;
    }
  }
  return filtered;
}

/**
 * Appends `rows` scanlines of raw pixels to `out` as Paeth-filtered PNG scanlines (a filter
 * byte, then the row). `previous` is the unfiltered row above the first one (zeros for the
 * image's first row); the last row is returned to continue the next band seamlessly.
 */
export function filterScanlines(
  pixels: Uint8Array,
  rowBytes: number,
  bpp: number,
  previous: Uint8Array,
): { filtered: Uint8Array; last: Uint8Array } {
  const rows = pixels.length / rowBytes;
  const filtered = new Uint8Array(rows * (rowBytes + 1));
  let above = previous;
  for (let r = 0; r < rows; r++) {
    const row = pixels.subarray(r * rowBytes, (r + 1) * rowBytes);
    const base = r * (rowBytes + 1);
    filtered[base] = FILTER_PAETH;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = above[i]!;
      const c = i >= bpp ? above[i - bpp]! : 0;
      filtered[base + 1 + i] = (row[i]! - paeth(a, b, c)) & 0xff;
    }
    above = row;
  }
  return { filtered, last: above.slice() };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  if (pb <= pc) return b;
  return c;
}

/**
 * Adler-32 of the uncompressed stream (RFC 1950), the zlib trailer. Self-contained, like
 * `filterUp`: the PNG worker runs it from its source text.
 */
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

/**
 * The Adler-32 of two streams end to end from each one's checksum and the second's length
 * (zlib's `adler32_combine`): bands deflated on different threads each sum their own bytes.
 */
export function adler32Combine(first: number, second: number, secondLength: number): number {
  const BASE = 65521;
  const rem = secondLength % BASE;
  let sum1 = first & 0xffff;
  let sum2 = (rem * sum1) % BASE;
  sum1 += (second & 0xffff) + BASE - 1;
  sum2 += ((first >>> 16) & 0xffff) + ((second >>> 16) & 0xffff) + BASE - rem;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum2 >= BASE * 2) sum2 -= BASE * 2;
  if (sum2 >= BASE) sum2 -= BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/**
 * A whole PNG around one IDAT chunk made of `parts` (a zlib stream, possibly in pieces):
 * signature, IHDR (8-bit RGB or RGBA, no interlace), IDAT, IEND — the same bytes as
 * `PNG_SIGNATURE` + `pngHeader` + `pngChunk('IDAT', …)` + `pngEnd`, in one allocation.
 * Self-contained (`crc32` is passed in): the PNG worker runs it from its source text.
 */
export function framePng(
  width: number,
  height: number,
  channels: 3 | 4,
  parts: readonly Uint8Array[],
  crc32: (data: Uint8Array) => number,
): Uint8Array {
  let idatLength = 0;
  for (const part of parts) idatLength += part.length;
  const out = new Uint8Array(8 + 25 + 12 + idatLength + 12);
  const view = new DataView(out.buffer);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  view.setUint32(8, 13);
  out.set([0x49, 0x48, 0x44, 0x52], 12); // IHDR
  view.setUint32(16, width);
  view.setUint32(20, height);
  out[24] = 8; // bit depth
  out[25] = channels === 3 ? 2 : 6; // colour type
  // compression, filter method, interlace: all 0
  view.setUint32(29, crc32(out.subarray(12, 29)) >>> 0);
  view.setUint32(33, idatLength);
  out.set([0x49, 0x44, 0x41, 0x54], 37); // IDAT
  let at = 41;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  view.setUint32(at, crc32(out.subarray(37, at)) >>> 0);
  at += 4;
  view.setUint32(at, 0);
  out.set([0x49, 0x45, 0x4e, 0x44], at + 4); // IEND
  view.setUint32(at + 8, crc32(out.subarray(at + 4, at + 8)) >>> 0);
  return out;
}
