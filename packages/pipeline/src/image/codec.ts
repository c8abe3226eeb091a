import type { PixelBuffer } from '@exquisite/geometry';
import sharp from 'sharp';

/**
 * zlib level for every PNG we write (cells, pyramid cells, artifacts).
 * Measured by `pnpm bench` (bench/results/png-level.json, median of 32 encodes of 512²
 * cells): on textured content level 4 is within 2 % of level 6's size at well under half
 * its time (≈10 ms vs ≈23 ms a cell); levels 1–3 save a few ms but grow files by 5–85 %.
 * On smooth content level 4 is also the fastest of 2–6 (zlib switches to lazy matching
 * there). Cells are written on every step, so encode time is on the critical path.
 */
export const PNG_COMPRESSION_LEVEL = 4;

/**
 * zlib level for the 1024² step artifacts (the reference sent to the generator, the composited
 * tile). They are written on every tile and read only when someone inspects a step, so speed
 * wins over size: level 1 encodes about twice as fast for about twice the bytes (png-level bench).
 */
export const ARTIFACT_PNG_COMPRESSION_LEVEL = 1;

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
  // Copy out of sharp's Buffer (which may be a slice of a pooled ArrayBuffer) into a plain,
  // exactly-sized Uint8Array that we own.
  return { data: new Uint8Array(data), width, height, channels };
}

/**
 * Encodes a PixelBuffer (RGB or RGBA) as PNG. Deterministic for a given sharp/libvips
 * version: fixed zlib level, no adaptive filtering, no palette quantisation, no metadata.
 */
export async function encodePng(
  buf: PixelBuffer,
  options: { compressionLevel?: number } = {},
): Promise<Uint8Array> {
  const out = await sharp(buf.data, { raw: { width: buf.width, height: buf.height, channels: buf.channels } })
    .png({
      compressionLevel: options.compressionLevel ?? PNG_COMPRESSION_LEVEL,
      adaptiveFiltering: false,
      palette: false,
    })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

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
