import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createPixelBuffer, type PixelBuffer, TILE_PX } from '@exquisite/geometry';
import sharp from 'sharp';

/** Debian's mate-backgrounds nature photographs: real camera images, installed on demand, never committed. */
export const PHOTO_DIR = '/usr/share/backgrounds/mate/nature';

/** Installs `mate-backgrounds` when the folder is missing (root only); otherwise a clear error. */
export function ensurePhotos(): void {
  if (existsSync(PHOTO_DIR)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${PHOTO_DIR} is missing: run \`apt-get install -y mate-backgrounds\` as root first`);
  }
  const install = () =>
    execFileSync('apt-get', ['install', '-y', 'mate-backgrounds'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    install();
  }
  if (!existsSync(PHOTO_DIR)) throw new Error(`mate-backgrounds installed but ${PHOTO_DIR} is still missing`);
}

export function listPhotos(): string[] {
  return readdirSync(PHOTO_DIR)
    .filter((f) => f.endsWith('.jpg'))
    .sort();
}

/**
 * The ground truth for a chain of `steps` steps to the right: the photograph scaled to
 * `TILE_PX` high, then extended to the needed width by mirrored copies (photo, flipped
 * photo, photo, …). A mirror join is continuous in colour, so the panorama has no seam of
 * its own for the metrics to mistake for ours.
 */
export async function groundTruth(file: string, steps: number): Promise<PixelBuffer> {
  const { data, info } = await sharp(`${PHOTO_DIR}/${file}`)
    .resize({ height: TILE_PX })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pw = info.width;
  const width = TILE_PX + 512 * steps;
  const out = createPixelBuffer(width, TILE_PX, 3);
  for (let y = 0; y < TILE_PX; y++) {
    for (let x = 0; x < width; x++) {
      const period = Math.floor(x / pw);
      const inPeriod = x % pw;
      const sx = period % 2 === 0 ? inPeriod : pw - 1 - inPeriod;
      const s = (y * pw + sx) * 3;
      const d = (y * width + x) * 3;
      out.data[d] = data[s]!;
      out.data[d + 1] = data[s + 1]!;
      out.data[d + 2] = data[s + 2]!;
    }
  }
  return out;
}
