import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from './errors.js';
import { solidPng } from './testing/index.js';
import { decodeBase64Strict, validateOutputImage } from './validate-output.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GeneratorError);
  return (error as GeneratorError).code;
}

describe('decodeBase64Strict', () => {
  it('decodes canonical base64', () => {
    expect([...decodeBase64Strict('AAEC/w==')]).toEqual([0, 1, 2, 255]);
    expect(Buffer.from(decodeBase64Strict('aGVsbG8=')).toString()).toBe('hello');
  });

  it.each([
    ['empty', ''],
    ['bad characters', 'aGVs*G8='],
    ['url-safe alphabet', 'AAEC_w=='],
    ['truncated', 'aGVsbG8'],
    ['embedded whitespace', 'aGVs bG8='],
    ['padding in the middle', 'aG=sbG8='],
    ['non-canonical padding bits', 'QR=='],
  ])('rejects %s as DECODE_ERROR', async (_name, text) => {
    expect(await codeOf(Promise.resolve().then(() => decodeBase64Strict(text)))).toBe('DECODE_ERROR');
  });
});

describe('validateOutputImage', () => {
  it('passes a 1024² RGB PNG through with the same pixels', async () => {
    const png = await solidPng({ rgb: [12, 34, 56] });
    const out = await validateOutputImage(png);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1024, 1024, 3]);
    expect([...data.subarray(0, 3)]).toEqual([12, 34, 56]);
  });

  it('normalises JPEG, greyscale and 16-bit inputs to an 8-bit RGB PNG', async () => {
    const base = sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#406080' } });
    const inputs = [
      await base.clone().jpeg().toBuffer(),
      await base.clone().greyscale().png().toBuffer(),
      await base.clone().toColourspace('rgb16').png().toBuffer(),
    ];
    expect((await sharp(inputs[2]!).metadata()).depth).toBe('ushort');
    for (const input of inputs) {
      const meta = await sharp(await validateOutputImage(input)).metadata();
      expect([meta.format, meta.channels, meta.depth, meta.width]).toEqual(['png', 3, 'uchar', 1024]);
    }
  });

  it('flattens alpha onto white', async () => {
    const out = await validateOutputImage(await solidPng({ rgb: [0, 0, 0], alpha: 0 }));
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('rejects non-images and non-raster formats as DECODE_ERROR', async () => {
    expect(await codeOf(validateOutputImage(new Uint8Array([1, 2, 3, 4, 5])))).toBe('DECODE_ERROR');
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024"><rect width="1024" height="1024"/></svg>',
    );
    expect(await codeOf(validateOutputImage(svg))).toBe('DECODE_ERROR');
  });

  it('rejects a truncated PNG as DECODE_ERROR', async () => {
    const png = await solidPng();
    expect(await codeOf(validateOutputImage(png.subarray(0, Math.floor(png.length / 2))))).toBe(
      'DECODE_ERROR',
    );
  });

  it.each([
    [512, 512],
    [1024, 1536],
    [1025, 1024],
  ])('rejects %i×%i as DIMENSION_MISMATCH', async (width, height) => {
    expect(await codeOf(validateOutputImage(await solidPng({ width, height })))).toBe('DIMENSION_MISMATCH');
  });
});
