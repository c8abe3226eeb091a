import { deflateSync, inflateSync } from 'node:zlib';
import type { PixelBuffer } from '@exquisite/geometry';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { byteNoise, worldPattern } from '../testing/pictures.js';
import { decodeImage, decodeImageRgba } from './codec.js';
import { sha256Hex } from './hash.js';
import { adler32, encodePng } from './png-encode.js';
import { filterUp } from './png-format.js';

describe('filterUp', () => {
  it('equals the bytewise definition for aligned and unaligned rows', () => {
    for (const [rowBytes, rows, offset] of [
      [1536, 7, 0],
      [12, 5, 0],
      [9, 4, 0],
      [16, 3, 1],
    ] as const) {
      const backing = byteNoise(rowBytes * rows + offset, rowBytes * 31 + rows);
      const pixels = backing.subarray(offset);
      const filtered = filterUp(pixels, rowBytes);
      expect(filtered.length).toBe(rows * (rowBytes + 1));
      for (let r = 0; r < rows; r++) {
        expect(filtered[r * (rowBytes + 1)]).toBe(2);
        for (let i = 0; i < rowBytes; i++) {
          const above = r === 0 ? 0 : pixels[(r - 1) * rowBytes + i]!;
          expect(filtered[r * (rowBytes + 1) + 1 + i]).toBe((pixels[r * rowBytes + i]! - above) & 0xff);
        }
      }
    }
  });

  it('refuses bytes that are not whole rows', () => {
    expect(() => filterUp(new Uint8Array(10), 3)).toThrow(RangeError);
  });
});

describe('adler32', () => {
  it('matches the zlib trailer', () => {
    for (const length of [0, 1, 2047, 2048, 2049, 100_000]) {
      const data = byteNoise(length, length + 7);
      const trailer = deflateSync(data).subarray(-4);
      expect(adler32(data)).toBe(Buffer.from(trailer).readUInt32BE(0));
    }
  });
});

describe('encodePng', () => {
  const cases: Array<[string, PixelBuffer]> = [
    ['RGB pattern', worldPattern({ x: -37, y: 11, width: 300, height: 200 })],
    ['RGB, odd width', { data: byteNoise(7 * 5 * 3, 3), width: 7, height: 5, channels: 3 }],
    ['RGBA noise', { data: byteNoise(33 * 9 * 4, 4), width: 33, height: 9, channels: 4 }],
    ['one pixel', { data: Uint8Array.of(1, 2, 3), width: 1, height: 1, channels: 3 }],
    // Over the split threshold: deflated in parallel bands and stitched into one stream.
    ['1024² RGB, split', { data: byteNoise(1024 * 1024 * 3, 5), width: 1024, height: 1024, channels: 3 }],
    ['RGBA 1000×700, split', { data: byteNoise(1000 * 700 * 4, 6), width: 1000, height: 700, channels: 4 }],
  ];

  for (const [name, buf] of cases) {
    it(`round-trips ${name} losslessly and deterministically`, async () => {
      const png = await encodePng(buf, { parallel: true });
      expect(sha256Hex(await encodePng(buf, { parallel: true }))).toBe(sha256Hex(png));
      // One band or several: the same pixels either way.
      const single = await encodePng(buf);
      const decode = buf.channels === 3 ? decodeImage : decodeImageRgba;
      expect(Buffer.from((await decode(single)).data).equals(Buffer.from((await decode(png)).data))).toBe(
        true,
      );
      const decoded = buf.channels === 3 ? await decodeImage(png) : await decodeImageRgba(png);
      expect(decoded).toMatchObject({ width: buf.width, height: buf.height, channels: buf.channels });
      expect(Buffer.from(decoded.data).equals(Buffer.from(buf.data))).toBe(true);
      const meta = await sharp(png).metadata();
      expect(meta).toMatchObject({
        format: 'png',
        width: buf.width,
        height: buf.height,
        channels: buf.channels,
      });
    });
  }

  it('writes a well-formed zlib stream a strict inflater accepts (checksum included)', async () => {
    const buf = { data: byteNoise(1024 * 1024 * 3, 9), width: 1024, height: 1024, channels: 3 as const };
    const png = await encodePng(buf, { parallel: true });
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    // signature 8 + IHDR 25, then the IDAT chunk
    const idatLength = view.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const zlibStream = png.subarray(41, 41 + idatLength);
    const raw = inflateSync(zlibStream);
    expect(raw.length).toBe(1024 * (1024 * 3 + 1));
    expect(Buffer.from(raw).equals(Buffer.from(filterUp(buf.data, 1024 * 3)))).toBe(true);
  });

  it('is smaller than the unfiltered level-4 PNG on a photograph-like image', async () => {
    // Smooth gradients with fine texture: where a predictor pays off.
    const width = 512;
    const height = 512;
    const data = new Uint8Array(width * height * 3);
    const grain = byteNoise(width * height, 11);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        const g = (grain[p]! & 7) - 3;
        data[p * 3] = Math.max(0, Math.min(255, ((x * 255) / width + g) | 0));
        data[p * 3 + 1] = Math.max(0, Math.min(255, ((y * 255) / height + g) | 0));
        data[p * 3 + 2] = Math.max(0, Math.min(255, (((x + y) * 127) / width + g) | 0));
      }
    }
    const buf: PixelBuffer = { data, width, height, channels: 3 };
    const fast = await encodePng(buf);
    const sharpL4 = await sharp(buf.data, { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 4, adaptiveFiltering: false })
      .toBuffer();
    expect(fast.length).toBeLessThan(sharpL4.length);
  });

  it('refuses a buffer whose bytes do not match its shape', async () => {
    await expect(encodePng({ data: new Uint8Array(5), width: 2, height: 1, channels: 3 })).rejects.toThrow(
      RangeError,
    );
  });
});
