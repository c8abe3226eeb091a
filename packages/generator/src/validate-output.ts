import sharp from 'sharp';
import { GeneratorError } from './errors.js';

/** Side of every generator image (geometry.md `TILE_PX`). */
export const OUTPUT_SIDE_PX = 1024;

/** Raster formats a provider may answer with; anything else (SVG, PDF, …) is not an image output. */
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 strictly. Node's decoder silently skips junk and truncates, which
 * would turn a corrupted answer into a "valid" but wrong image; here any deviation is a
 * DECODE_ERROR.
 */
export function decodeBase64Strict(text: string): Uint8Array {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64_PATTERN.test(text)) {
    throw new GeneratorError('DECODE_ERROR', 'The image model returned malformed base64 image data.');
  }
  const bytes = Buffer.from(text, 'base64');
  // Non-canonical padding bits decode "fine" in Node; a round trip rejects them too.
  if (bytes.toString('base64') !== text) {
    throw new GeneratorError('DECODE_ERROR', 'The image model returned non-canonical base64 image data.');
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface ValidateOutputOptions {
  /** PNG zlib level of the normalised output (0–9). */
  compressionLevel?: number;
}

/**
 * The one gate every provider's output passes through: it must decode, be exactly
 * 1024×1024, and it leaves as an 8-bit RGB PNG (alpha flattened onto white), so the
 * pipeline never sees a provider's quirks.
 */
export async function validateOutputImage(
  bytes: Uint8Array,
  options: ValidateOutputOptions = {},
): Promise<Uint8Array> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { failOn: 'error' }).metadata();
  } catch (cause) {
    throw new GeneratorError('DECODE_ERROR', 'The image model returned data that is not a readable image.', {
      cause,
    });
  }
  if (metadata.format === undefined || !ACCEPTED_FORMATS.has(metadata.format)) {
    throw new GeneratorError(
      'DECODE_ERROR',
      `The image model returned an unsupported image format (${metadata.format ?? 'unknown'}).`,
    );
  }
  if (metadata.width !== OUTPUT_SIDE_PX || metadata.height !== OUTPUT_SIDE_PX) {
    throw new GeneratorError(
      'DIMENSION_MISMATCH',
      `The image model returned a ${metadata.width}×${metadata.height} image; expected ${OUTPUT_SIDE_PX}×${OUTPUT_SIDE_PX}.`,
    );
  }
  let rgb: Buffer;
  try {
    // Going through raw 8-bit RGB normalises 16-bit, palette, grey and alpha inputs alike.
    rgb = await sharp(bytes, { failOn: 'error' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer();
  } catch (cause) {
    throw new GeneratorError('DECODE_ERROR', 'The image model returned an image that could not be decoded.', {
      cause,
    });
  }
  if (rgb.length !== OUTPUT_SIDE_PX * OUTPUT_SIDE_PX * 3) {
    throw new GeneratorError(
      'DECODE_ERROR',
      'The image model returned an image with an unexpected pixel layout.',
    );
  }
  const png = await sharp(rgb, { raw: { width: OUTPUT_SIDE_PX, height: OUTPUT_SIDE_PX, channels: 3 } })
    .png({ compressionLevel: options.compressionLevel ?? 6 })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
