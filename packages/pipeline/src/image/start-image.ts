import type { PixelBuffer } from '@exquisite/geometry';
import sharp from 'sharp';
import { encodePng } from './codec.js';

/** The side of a normalised start image: one generator tile. */
export const START_IMAGE_PX = 1024;

export interface StartImageLimits {
  /** Largest accepted upload in bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Largest accepted decoded size in pixels (decompression-bomb guard). Default 40 MP. */
  maxInputPixels?: number;
}

export const DEFAULT_START_IMAGE_LIMITS: Required<StartImageLimits> = {
  maxBytes: 10 * 1024 * 1024,
  maxInputPixels: 40_000_000,
};

export type StartImageErrorCode = 'UNSUPPORTED_IMAGE' | 'TOO_LARGE';

export class StartImageError extends Error {
  override readonly name = 'StartImageError';
  readonly code: StartImageErrorCode;
  constructor(code: StartImageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type StartImageFormat = 'png' | 'jpeg' | 'webp';
const ACCEPTED_FORMATS: readonly string[] = ['png', 'jpeg', 'webp'] satisfies StartImageFormat[];

export interface NormalizedStartImage {
  /** Exactly 1024×1024 RGB. */
  buffer: PixelBuffer;
  /** The same pixels as PNG. */
  png: Uint8Array;
  /** What the upload was, for logs and the room record. */
  source: { format: StartImageFormat; width: number; height: number; bytes: number };
}

/**
 * Turns an uploaded picture into the room's first canvas: exactly 1024² RGB, cover-cropped
 * (scaled to fill, centre kept), EXIF orientation applied, alpha flattened onto black.
 * Only PNG, JPEG and WebP are accepted; anything else, or a damaged file, is UNSUPPORTED_IMAGE.
 * Size is checked twice: the byte count before sharp sees the data, and the pixel count
 * from the header before anything is decoded, so a tiny file that would inflate to
 * gigabytes (a decompression bomb) is refused cheaply.
 */
export async function normalizeStartImage(
  bytes: Uint8Array,
  limits: StartImageLimits = {},
): Promise<NormalizedStartImage> {
  const maxBytes = limits.maxBytes ?? DEFAULT_START_IMAGE_LIMITS.maxBytes;
  const maxInputPixels = limits.maxInputPixels ?? DEFAULT_START_IMAGE_LIMITS.maxInputPixels;
  if (bytes.byteLength > maxBytes) {
    throw new StartImageError('TOO_LARGE', `image is ${bytes.byteLength} bytes; the limit is ${maxBytes}`);
  }

  const input = () => sharp(bytes, { limitInputPixels: maxInputPixels });
  let format: string | undefined;
  let width: number;
  let height: number;
  try {
    const meta = await input().metadata();
    format = meta.format;
    width = meta.width;
    height = meta.height;
  } catch (cause) {
    throw classifySharpError(cause);
  }
  if (format === undefined || !ACCEPTED_FORMATS.includes(format)) {
    throw new StartImageError('UNSUPPORTED_IMAGE', `unsupported image format ${format ?? 'unknown'}`);
  }
  // Belt and braces: sharp already enforces limitInputPixels, but the rule is ours.
  if (width * height > maxInputPixels) {
    throw new StartImageError(
      'TOO_LARGE',
      `image is ${width}×${height}; the limit is ${maxInputPixels} pixels`,
    );
  }

  let buffer: PixelBuffer;
  try {
    const { data, info } = await input()
      .autoOrient()
      .resize(START_IMAGE_PX, START_IMAGE_PX, { fit: 'cover', position: 'centre' })
      .flatten({ background: '#000000' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.width !== START_IMAGE_PX || info.height !== START_IMAGE_PX || info.channels !== 3) {
      throw new Error(`normalised to ${info.width}×${info.height}×${info.channels}`);
    }
    buffer = { data: new Uint8Array(data), width: START_IMAGE_PX, height: START_IMAGE_PX, channels: 3 };
  } catch (cause) {
    throw classifySharpError(cause);
  }
  return {
    buffer,
    png: await encodePng(buffer),
    source: { format: format as StartImageFormat, width, height, bytes: bytes.byteLength },
  };
}

function classifySharpError(cause: unknown): StartImageError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/pixel limit/i.test(message)) {
    return new StartImageError('TOO_LARGE', `image has too many pixels: ${message}`, { cause });
  }
  return new StartImageError('UNSUPPORTED_IMAGE', `not a readable PNG, JPEG or WebP image: ${message}`, {
    cause,
  });
}
