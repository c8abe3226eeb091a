import { createHash } from 'node:crypto';
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import type { PixelBuffer } from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { byteNoise, worldPattern } from '../testing/pictures.js';
import { sha256Hex } from './hash.js';
import { encodePng, encodePngHashed } from './png-encode.js';
import {
  adler32,
  adler32Combine,
  filterUp,
  framePng,
  PNG_SIGNATURE,
  pngChunk,
  pngEnd,
  pngHeader,
} from './png-format.js';
import { type PngJob, pngWorkers, runPngJob } from './png-worker.js';

const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** The encoder as it ran on the event loop before the workers: the oracle for their bytes. */
function encodeOnThisThread(buf: PixelBuffer, bands = 1): Buffer {
  const rowBytes = buf.width * buf.channels;
  const filtered = filterUp(buf.data, rowBytes);
  const chunkSize = (n: number) => n + (n >> 10) + 1024;
  let idat: Buffer;
  if (bands === 1) {
    idat = deflateSync(filtered, { strategy: constants.Z_RLE, chunkSize: chunkSize(filtered.length) });
  } else {
    const parts: Uint8Array[] = [Uint8Array.of(0x78, 0x01)];
    for (let b = 0; b < bands; b++) {
      const from = Math.floor((buf.height * b) / bands) * (rowBytes + 1);
      const to = Math.floor((buf.height * (b + 1)) / bands) * (rowBytes + 1);
      parts.push(
        deflateRawSync(filtered.subarray(from, to), {
          strategy: constants.Z_RLE,
          chunkSize: chunkSize(to - from),
          finishFlush: b === bands - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
        }),
      );
    }
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler32(filtered));
    parts.push(trailer);
    idat = concat(parts);
  }
  return concat([
    PNG_SIGNATURE,
    pngHeader(buf.width, buf.height, buf.channels),
    pngChunk('IDAT', idat),
    pngEnd(),
  ]);
}

const lib = () => ({
  deflateSync,
  deflateRawSync,
  crc32,
  constants,
  createHash,
  filterUp,
  adler32,
  framePng,
  scratch: new Map<number, Uint8Array>(),
});

describe('PNG workers', () => {
  const images: Array<[string, PixelBuffer]> = [
    ['RGB pattern', worldPattern({ x: 5, y: -3, width: 512, height: 512 })],
    ['RGBA noise, odd width', { data: byteNoise(33 * 9 * 4, 4), width: 33, height: 9, channels: 4 }],
    ['RGB, odd width', { data: byteNoise(7 * 5 * 3, 3), width: 7, height: 5, channels: 3 }],
  ];

  for (const [name, buf] of images) {
    it(`write exactly the bytes the on-thread encoder wrote (${name})`, async () => {
      const png = await encodePng(buf);
      expect(Buffer.from(png).equals(encodeOnThisThread(buf))).toBe(true);
      const hashed = await encodePngHashed(buf);
      expect(Buffer.from(hashed.png).equals(Buffer.from(png))).toBe(true);
      expect(hashed.sha256).toBe(sha256Hex(png));
      // The job run here from its function gives what the worker ran from its source text.
      const local = runPngJob(
        {
          kind: 'png',
          pixels: buf.data,
          width: buf.width,
          height: buf.height,
          channels: buf.channels,
          hash: true,
        },
        lib(),
      );
      expect(local.kind === 'png' && Buffer.from(local.png).equals(Buffer.from(png))).toBe(true);
    });
  }

  it('stitch parallel bands into the stream the on-thread band encoder wrote', async () => {
    const tile = worldPattern({ x: 100, y: 7, width: 1024, height: 1024 });
    const noisy: PixelBuffer = { data: byteNoise(1000 * 700 * 4, 6), width: 1000, height: 700, channels: 4 };
    for (const buf of [tile, noisy]) {
      const png = await encodePng(buf, { parallel: true });
      // bandsOf cuts a large image into one band per core, at most four.
      const bands = Math.min(4, (await import('node:os')).availableParallelism());
      expect(Buffer.from(png).equals(encodeOnThisThread(buf, bands))).toBe(true);
      const hashed = await encodePngHashed(buf, { parallel: true });
      expect(hashed.sha256).toBe(sha256Hex(png));
    }
  });

  it('leave the caller’s pixels readable and unchanged', async () => {
    const buf = worldPattern({ x: 0, y: 0, width: 64, height: 32 });
    const before = Buffer.from(buf.data);
    await encodePng(buf);
    expect(buf.data.byteLength).toBe(before.length);
    expect(Buffer.from(buf.data).equals(before)).toBe(true);
  });

  it('reject a job that fails inside the worker, and keep serving the next ones', async () => {
    const bad: PngJob = { kind: 'band', pixels: new Uint8Array(10), rowBytes: 3, above: false, last: true };
    await expect(pngWorkers().run(bad, [])).rejects.toThrow(/whole rows/);
    const buf = worldPattern({ x: 0, y: 0, width: 16, height: 16 });
    expect(Buffer.from(await encodePng(buf)).equals(encodeOnThisThread(buf))).toBe(true);
  });
});

describe('png-format helpers', () => {
  it('adler32Combine gives the checksum of the concatenation', () => {
    for (const [a, b] of [
      [0, 0],
      [1, 70_000],
      [65_521, 5],
      [100_000, 200_001],
    ] as const) {
      const x = byteNoise(a, a + 1);
      const y = byteNoise(b, b + 2);
      expect(adler32Combine(adler32(x), adler32(y), y.length)).toBe(adler32(concat([x, y])));
    }
  });

  it('framePng frames parts exactly like signature + IHDR + IDAT + IEND', () => {
    const parts = [byteNoise(10, 1), byteNoise(0, 2), byteNoise(333, 3)];
    for (const channels of [3, 4] as const) {
      const expected = concat([
        PNG_SIGNATURE,
        pngHeader(17, 5, channels),
        pngChunk('IDAT', concat(parts)),
        pngEnd(),
      ]);
      expect(Buffer.from(framePng(17, 5, channels, parts, crc32)).equals(expected)).toBe(true);
    }
  });
});
