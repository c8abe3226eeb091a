import type { PixelBuffer } from '@exquisite/geometry';
import sharp from 'sharp';
import { encodePng, encodePngHashed } from './png-encode.js';

/** Refuse to decode anything bigger than this (a generator or cell image is at most 1024²). */
const DECODE_PIXEL_LIMIT = 64 * 1024 * 1024;

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  readonly code = 'DECODE_ERROR' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Decodes PNG/JPEG/WebP bytes to 8-bit RGB. Alpha is flattened onto black, grey becomes
 * RGB, 16-bit becomes 8-bit, so callers always get `channels: 3`.
 */
export async function decodeImage(bytes: Uint8Array): Promise<PixelBuffer> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: DECODE_PIXEL_LIMIT })
      .flatten({ background: '#000000' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return toPixelBuffer(data, info.width, info.height, info.channels);
  } catch (cause) {
    throw new ImageDecodeError(`cannot decode image: ${(cause as Error).message}`, { cause });
  }
}

/** Decodes to 8-bit RGBA (alpha kept, or 255 when the image has none). Used for pyramid cells. */
export async function decodeImageRgba(bytes: Uint8Array): Promise<PixelBuffer> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: DECODE_PIXEL_LIMIT })
      .toColourspace('srgb')
      .ensureAlpha(1)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return toPixelBuffer(data, info.width, info.height, info.channels);
  } catch (cause) {
    throw new ImageDecodeError(`cannot decode image: ${(cause as Error).message}`, { cause });
  }
}

function toPixelBuffer(data: Buffer, width: number, height: number, channels: number): PixelBuffer {
  if (channels !== 3 && channels !== 4) throw new ImageDecodeError(`unexpected channel count ${channels}`);
  // Pixels must be a plain Uint8Array over their own memory. sharp hands decoded images back in
  // a Buffer of its own allocation, which is taken as is (a 1024² tile is 3 MB a copy, and
  // garbage to collect); only a slice of a shared (pooled) ArrayBuffer is copied out.
  const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  const bytes = own ? new Uint8Array(data.buffer, 0, data.byteLength) : new Uint8Array(data);
  return { data: bytes, width, height, channels };
}

/** Every PNG we store is written by our own encoder (image/png-encode.ts explains why). */
export { encodePng, encodePngHashed };

/**
 * The generator's edit mask as an RGBA PNG: `alpha` (one byte per pixel, 0 = editable,
 * 255 = keep) over black. Image-edit APIs read only the mask's alpha; black colour channels
 * make it a tiny, fast encode instead of a second copy of the reference.
 */
export async function encodeMaskPng(alpha: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  if (alpha.length !== width * height) {
    throw new RangeError(`alpha plane has ${alpha.length} entries for ${width}×${height}`);
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < alpha.length; p++) rgba[p * 4 + 3] = alpha[p]!;
  return encodePng({ data: rgba, width, height, channels: 4 });
}
