import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { worldPattern } from '../testing/pictures.js';
import { decodeImage, decodeImageRgba, encodeMaskPng, encodePng, ImageDecodeError } from './codec.js';
import { sha256Hex } from './hash.js';

describe('image codec', () => {
  it('round-trips RGB pixels losslessly and deterministically', async () => {
    const buf = worldPattern({ x: -37, y: 11, width: 300, height: 200 });
    const png = await encodePng(buf);
    const again = await encodePng(buf);
    expect(sha256Hex(png)).toBe(sha256Hex(again));
    const decoded = await decodeImage(png);
    expect(decoded).toMatchObject({ width: 300, height: 200, channels: 3 });
    expect(Buffer.from(decoded.data).equals(Buffer.from(buf.data))).toBe(true);
  });

  it('round-trips RGBA pixels', async () => {
    const data = new Uint8Array(8 * 4 * 4).map((_, i) => (i * 37) & 0xff);
    const png = await encodePng({ data, width: 8, height: 4, channels: 4 });
    const decoded = await decodeImageRgba(png);
    expect(decoded.channels).toBe(4);
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
  });

  it('flattens alpha onto black and expands grey to RGB', async () => {
    const rgba = await sharp(Buffer.from([200, 100, 50, 0, 200, 100, 50, 255]), {
      raw: { width: 2, height: 1, channels: 4 },
    })
      .png()
      .toBuffer();
    expect(Array.from((await decodeImage(rgba)).data)).toEqual([0, 0, 0, 200, 100, 50]);
    const grey = await sharp(Buffer.from([10, 250]), { raw: { width: 2, height: 1, channels: 1 } })
      .png()
      .toBuffer();
    expect(Array.from((await decodeImage(grey)).data)).toEqual([10, 10, 10, 250, 250, 250]);
  });

  it('throws DECODE_ERROR on garbage', async () => {
    const err = await decodeImage(new Uint8Array([1, 2, 3, 4, 5])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageDecodeError);
    expect((err as ImageDecodeError).code).toBe('DECODE_ERROR');
  });

  it('encodes the mask as the alpha plane over black', async () => {
    const alpha = Uint8Array.of(0, 255, 0, 255, 255, 255, 0, 0);
    const decoded = await decodeImageRgba(await encodeMaskPng(alpha, 4, 2));
    expect(decoded).toMatchObject({ width: 4, height: 2, channels: 4 });
    for (let p = 0; p < 8; p++) {
      expect(Array.from(decoded.data.subarray(p * 4, p * 4 + 3))).toEqual([0, 0, 0]);
      expect(decoded.data[p * 4 + 3]).toBe(alpha[p]);
    }
  });
});
