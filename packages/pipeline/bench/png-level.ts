import { createMockProvider } from '@exquisite/generator';
import { crop, type PixelBuffer } from '@exquisite/geometry';
import { decodeImage, encodePng } from '../src/image/codec.js';
import { starterImage } from '../src/image/starter.js';

/**
 * PNG zlib level trade-off for 512² cells: encode time vs size on two kinds of content,
 * a smooth procedural starter and the mock generator's textured output (closer to what
 * a real model paints).
 */
export async function benchPngLevels(): Promise<Record<string, unknown>> {
  const textured = await decodeImage(
    (await createMockProvider().create({ prompt: 'a dense forest with mossy rocks and a river' })).image,
  );
  const sources: Record<string, PixelBuffer> = { smooth: starterImage('meadow'), textured };
  const rows: Array<Record<string, number | string>> = [];
  for (const [content, image] of Object.entries(sources)) {
    const cells = [0, 512].flatMap((y) =>
      [0, 512].map((x) => crop(image, { x, y, width: 512, height: 512 })),
    );
    for (let level = 1; level <= 6; level++) {
      await encodePng(cells[0]!, { compressionLevel: level }); // warm-up
      const rounds = 8;
      let bytes = 0;
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const cell of cells) {
          const start = performance.now();
          bytes += (await encodePng(cell, { compressionLevel: level })).byteLength;
          times.push(performance.now() - start);
        }
      }
      // Median, not mean: the machine is shared and outliers are other processes' noise.
      times.sort((a, b) => a - b);
      const ms = times[Math.floor(times.length / 2)]!;
      rows.push({
        content,
        level,
        medianMsPerCell: round(ms),
        kbPerCell: round(bytes / (rounds * cells.length) / 1024),
      });
    }
  }
  return { what: 'encodePng of 512² RGB cells by zlib level', rows };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
