import { existsSync } from 'node:fs';
import { createMockProvider } from '@exquisite/generator';
import { crop, type PixelBuffer } from '@exquisite/geometry';
import sharp from 'sharp';
import { decodeImage, encodePng } from '../src/image/codec.js';
import { starterImage } from '../src/image/starter.js';

/** Debian's mate-backgrounds photographs, when installed (the seams bench installs them). */
const PHOTOS = ['Garden.jpg', 'Storm.jpg', 'GreenMeadow.jpg'].map(
  (f) => `/usr/share/backgrounds/mate/nature/${f}`,
);

type Writer = (cell: PixelBuffer) => Promise<Uint8Array>;

function sharpWriter(level: number, adaptiveFiltering: boolean): Writer {
  return async (cell) =>
    sharp(cell.data, { raw: { width: cell.width, height: cell.height, channels: cell.channels } })
      .png({ compressionLevel: level, adaptiveFiltering, palette: false })
      .toBuffer();
}

/**
 * PNG writers for 512² RGB cells, encode time vs size, on three kinds of content: a smooth
 * procedural starter, the mock generator's textured output, and photographs (what a real
 * model paints). sharp at several zlib levels with no filter (what cells used before), sharp
 * with all filters tried per row, and the writer cells use now (`encodePng`: Up filter +
 * zlib run-length deflate, image/png-encode.ts). Per-writer CPU time is what a step pays.
 */
export async function benchPngLevels(): Promise<Record<string, unknown>> {
  const textured = await decodeImage(
    (await createMockProvider().create({ prompt: 'a dense forest with mossy rocks and a river' })).image,
  );
  const sources: Record<string, PixelBuffer> = { smooth: starterImage('meadow'), textured };
  for (const path of PHOTOS) {
    if (!existsSync(path)) continue;
    const { data, info } = await sharp(path)
      .resize(1024, 1024, { fit: 'cover' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    sources[`photo ${path.split('/').pop()}`] = {
      data: new Uint8Array(data),
      width: info.width,
      height: info.height,
      channels: 3,
    };
  }
  const writers: Record<string, Writer> = {
    'sharp, no filter, zlib 1': sharpWriter(1, false),
    'sharp, no filter, zlib 4 (cells before)': sharpWriter(4, false),
    'sharp, no filter, zlib 6': sharpWriter(6, false),
    'sharp, all filters, zlib 4': sharpWriter(4, true),
    'encodePng: Up + run-length (cells now)': encodePng,
  };
  const rows: Array<Record<string, number | string>> = [];
  for (const [content, image] of Object.entries(sources)) {
    const cells = [0, 512].flatMap((y) =>
      [0, 512].map((x) => crop(image, { x, y, width: 512, height: 512 })),
    );
    for (const [writer, write] of Object.entries(writers)) {
      await write(cells[0]!); // warm-up
      const rounds = 6;
      let bytes = 0;
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const cell of cells) {
          const start = performance.now();
          bytes += (await write(cell)).byteLength;
          times.push(performance.now() - start);
        }
      }
      // Median, not mean: the machine is shared and outliers are other processes' noise.
      times.sort((a, b) => a - b);
      rows.push({
        content,
        writer,
        medianMsPerCell: round(times[Math.floor(times.length / 2)]!),
        kbPerCell: round(bytes / (rounds * cells.length) / 1024),
      });
    }
  }
  return { what: 'PNG writers on 512² RGB cells: median encode ms and size', rows };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
