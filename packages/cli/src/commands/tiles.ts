import { readFile, rename, writeFile } from 'node:fs/promises';
import { crop, type PixelBuffer, type Point, paste, type Rect, toRgb, toRgba } from '@exquisite/geometry';
import { decodeImageRgba, encodePng } from '@exquisite/pipeline';
import { CliError } from '../errors.js';

/**
 * Exact pixel work on image files: the crop/paste arithmetic is `@exquisite/geometry`'s, the
 * codecs are the pipeline's. Images are decoded to 8-bit RGBA; one whose alpha is opaque
 * everywhere is handled as RGB, so an RGB cell stays RGB and bytes round-trip exactly.
 */
export async function extractTile(input: { image: string; rect: Rect; out: string }): Promise<PixelBuffer> {
  const image = await readImage(input.image);
  let tile: PixelBuffer;
  try {
    tile = crop(image, input.rect);
  } catch (cause) {
    // geometry owns the bounds rule; its RangeError becomes a usage error for the operator.
    if (!(cause instanceof RangeError)) throw cause;
    throw new CliError(
      'USAGE',
      `--rect ${rectText(input.rect)} does not fit the ${image.width}×${image.height} image`,
      {
        cause,
      },
    );
  }
  await writeImage(input.out, tile);
  return tile;
}

/**
 * Pastes `patch` onto `base` with its top-left corner at `at`; the part outside the base is
 * clipped (geometry's `paste`). The result has the base's size.
 */
export async function pasteTile(input: {
  base: string;
  patch: string;
  at: Point;
  out: string;
}): Promise<{ image: PixelBuffer; written: Rect | null }> {
  let base = await readImage(input.base);
  let patch = await readImage(input.patch);
  // Mixed inputs meet in RGBA, so a patch's transparency is never silently dropped.
  if (base.channels !== patch.channels) {
    base = toRgba(base);
    patch = toRgba(patch);
  }
  const written = paste(base, patch, input.at);
  await writeImage(input.out, base);
  return { image: base, written };
}

export async function readImage(path: string): Promise<PixelBuffer> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CliError('IO', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const rgba = await decodeImageRgba(bytes).catch((cause: unknown) => {
    throw new CliError('IO', `${path} is not an image we can decode: ${(cause as Error).message}`, { cause });
  });
  return isOpaque(rgba) ? toRgb(rgba) : rgba;
}

async function writeImage(path: string, image: PixelBuffer): Promise<void> {
  const partial = `${path}.partial`;
  await writeFile(partial, await encodePng(image));
  await rename(partial, path);
}

function isOpaque(buf: PixelBuffer): boolean {
  if (buf.channels === 3) return true;
  for (let i = 3; i < buf.data.length; i += 4) if (buf.data[i] !== 255) return false;
  return true;
}

function rectText(rect: Rect): string {
  return `${rect.x},${rect.y},${rect.width},${rect.height}`;
}
