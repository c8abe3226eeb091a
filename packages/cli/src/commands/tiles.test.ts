import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crop, type PixelBuffer } from '@exquisite/geometry';
import { decodeImageRgba, encodePng } from '@exquisite/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/world.js';
import { extractTile, pasteTile, readImage } from './tiles.js';

/** Deterministic noise, so every pixel differs from its neighbours and an off-by-one shows. */
function noise(width: number, height: number, channels: 3 | 4, seed: number): PixelBuffer {
  const data = new Uint8Array(width * height * channels);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height, channels };
}

describe('tiles extract / paste', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const file = (name: string) => join(dir.path, name);
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  it('extract writes exactly the requested pixels, as RGB for an RGB image', async () => {
    const image = noise(1536, 1024, 3, 1);
    await writeFile(file('canvas.png'), await encodePng(image));
    const rect = { x: 511, y: 257, width: 514, height: 300 };

    await extractTile({ image: file('canvas.png'), rect, out: file('tile.png') });

    const written = await readImage(file('tile.png'));
    expect(written.channels).toBe(3);
    expect({ width: written.width, height: written.height }).toEqual({ width: 514, height: 300 });
    expect(Buffer.from(written.data).equals(Buffer.from(crop(image, rect).data))).toBe(true);
  });

  it('extract then paste back at the same place reproduces the original bytes', async () => {
    const image = noise(1024, 1024, 3, 2);
    await writeFile(file('orig.png'), await encodePng(image));
    const blank: PixelBuffer = {
      data: new Uint8Array(image.data.length),
      width: 1024,
      height: 1024,
      channels: 3,
    };
    await writeFile(file('blank.png'), await encodePng(blank));
    await extractTile({
      image: file('orig.png'),
      rect: { x: 0, y: 0, width: 1024, height: 512 },
      out: file('top.png'),
    });
    await extractTile({
      image: file('orig.png'),
      rect: { x: 0, y: 512, width: 1024, height: 512 },
      out: file('bottom.png'),
    });

    await pasteTile({
      base: file('blank.png'),
      patch: file('top.png'),
      at: { x: 0, y: 0 },
      out: file('half.png'),
    });
    const result = await pasteTile({
      base: file('half.png'),
      patch: file('bottom.png'),
      at: { x: 0, y: 512 },
      out: file('whole.png'),
    });

    expect(result.written).toEqual({ x: 0, y: 512, width: 1024, height: 512 });
    const whole = await readImage(file('whole.png'));
    expect(Buffer.from(whole.data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('paste clips a patch hanging over the edge and leaves the rest of the base alone', async () => {
    const base = noise(64, 64, 3, 3);
    const patch = noise(32, 32, 3, 4);
    await writeFile(file('b.png'), await encodePng(base));
    await writeFile(file('p.png'), await encodePng(patch));

    const { image, written } = await pasteTile({
      base: file('b.png'),
      patch: file('p.png'),
      at: { x: 48, y: -8 },
      out: file('o.png'),
    });

    expect(written).toEqual({ x: 48, y: 0, width: 16, height: 24 });
    // Inside the written rect: the patch's pixel (px - 48, py + 8); outside: the base's.
    const at = (buf: PixelBuffer, x: number, y: number) => [
      ...buf.data.subarray((y * buf.width + x) * 3, (y * buf.width + x) * 3 + 3),
    ];
    expect(at(image, 48, 0)).toEqual(at(patch, 0, 8));
    expect(at(image, 63, 23)).toEqual(at(patch, 15, 31));
    expect(at(image, 47, 0)).toEqual(at(base, 47, 0));
    expect(at(image, 48, 24)).toEqual(at(base, 48, 24));
    expect(await readImage(file('o.png'))).toEqual(image);
  });

  it('keeps alpha when the patch has it (the base is lifted to RGBA)', async () => {
    const base = noise(16, 16, 3, 5);
    const patch = noise(4, 4, 4, 6);
    patch.data[3] = 0; // a transparent pixel: the image must stay RGBA
    await writeFile(file('rgb.png'), await encodePng(base));
    await writeFile(file('rgba.png'), await encodePng(patch));

    const { image } = await pasteTile({
      base: file('rgb.png'),
      patch: file('rgba.png'),
      at: { x: 2, y: 2 },
      out: file('mixed.png'),
    });

    expect(image.channels).toBe(4);
    const decoded = await decodeImageRgba(await readFile(file('mixed.png')));
    expect(decoded.data[(2 * 16 + 2) * 4 + 3]).toBe(0);
    expect(decoded.data[3]).toBe(255);
  });

  it('refuses a rect outside the image', async () => {
    await writeFile(file('small.png'), await encodePng(noise(8, 8, 3, 7)));
    await expect(
      extractTile({
        image: file('small.png'),
        rect: { x: 4, y: 0, width: 5, height: 1 },
        out: file('x.png'),
      }),
    ).rejects.toMatchObject({
      code: 'USAGE',
    });
  });
});
