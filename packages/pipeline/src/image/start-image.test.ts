import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './codec.js';
import { normalizeStartImage, StartImageError } from './start-image.js';

type Rgb = [number, number, number];

/** An image of solid stripes, as raw RGB, so cover-crop results are predictable. */
async function striped(
  width: number,
  height: number,
  stripes: Array<{ from: number; to: number; colour: Rgb }>,
  axis: 'x' | 'y',
): Promise<sharp.Sharp> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = axis === 'x' ? x / width : y / height;
      const stripe = stripes.find((s) => t >= s.from && t < s.to) ?? stripes[stripes.length - 1]!;
      data.set(stripe.colour, (y * width + x) * 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

function pixelAt(buf: { data: Uint8Array; width: number; channels: number }, x: number, y: number): Rgb {
  const i = (y * buf.width + x) * buf.channels;
  return [buf.data[i]!, buf.data[i + 1]!, buf.data[i + 2]!];
}

function near(actual: Rgb, expected: Rgb, tolerance = 12): boolean {
  return actual.every((v, k) => Math.abs(v - expected[k]!) <= tolerance);
}

async function expectStartError(promise: Promise<unknown>, code: StartImageError['code']): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StartImageError);
  expect((err as StartImageError).code).toBe(code);
}

const RED: Rgb = [220, 30, 30];
const GREEN: Rgb = [30, 200, 30];
const BLUE: Rgb = [30, 30, 220];

describe('normalizeStartImage', () => {
  it.each([
    ['png', (s: sharp.Sharp) => s.png()],
    ['jpeg', (s: sharp.Sharp) => s.jpeg({ quality: 95 })],
    ['webp', (s: sharp.Sharp) => s.webp({ quality: 95 })],
  ] as const)('accepts %s and returns exactly 1024² RGB', async (format, encode) => {
    const input = await encode(
      await striped(
        800,
        600,
        [
          { from: 0, to: 0.5, colour: RED },
          { from: 0.5, to: 1, colour: BLUE },
        ],
        'x',
      ),
    ).toBuffer();
    const result = await normalizeStartImage(input);
    expect(result.source).toEqual({ format, width: 800, height: 600, bytes: input.byteLength });
    expect(result.buffer.width).toBe(1024);
    expect(result.buffer.height).toBe(1024);
    expect(result.buffer.channels).toBe(3);
    expect(result.buffer.data.length).toBe(1024 * 1024 * 3);
    expect(near(pixelAt(result.buffer, 100, 512), RED)).toBe(true);
    expect(near(pixelAt(result.buffer, 923, 512), BLUE)).toBe(true);
    // The PNG holds the same pixels.
    const decoded = await decodeImage(result.png);
    expect(Buffer.from(decoded.data).equals(Buffer.from(result.buffer.data))).toBe(true);
  });

  it('cover-crops a landscape image to its centre', async () => {
    // Scaled to 2048×1024, the middle half (red) is exactly what stays.
    const input = await (
      await striped(
        2000,
        1000,
        [
          { from: 0, to: 0.24, colour: GREEN },
          { from: 0.24, to: 0.76, colour: RED },
          { from: 0.76, to: 1, colour: BLUE },
        ],
        'x',
      )
    )
      .png()
      .toBuffer();
    const { buffer } = await normalizeStartImage(input);
    for (const [x, y] of [
      [0, 0],
      [1023, 0],
      [0, 1023],
      [1023, 1023],
      [512, 512],
    ] as const) {
      expect(near(pixelAt(buffer, x, y), RED)).toBe(true);
    }
  });

  it('cover-crops a portrait image to its centre', async () => {
    const input = await (
      await striped(
        500,
        1500,
        [
          { from: 0, to: 0.3, colour: GREEN },
          { from: 0.3, to: 0.7, colour: RED },
          { from: 0.7, to: 1, colour: BLUE },
        ],
        'y',
      )
    )
      .png()
      .toBuffer();
    const { buffer } = await normalizeStartImage(input);
    // Scaled to 1024×3072, rows 1024…2048 are kept: from 1/3 to 2/3 of the height, all red.
    expect(near(pixelAt(buffer, 10, 5), RED)).toBe(true);
    expect(near(pixelAt(buffer, 1000, 1018), RED)).toBe(true);
  });

  it('honours EXIF orientation', async () => {
    // Stored landscape (left red, right blue) with orientation 6 = display rotated 90° clockwise,
    // so the left (red) side is displayed at the top.
    const input = await (
      await striped(
        600,
        300,
        [
          { from: 0, to: 0.5, colour: RED },
          { from: 0.5, to: 1, colour: BLUE },
        ],
        'x',
      )
    )
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const { buffer } = await normalizeStartImage(input);
    expect(near(pixelAt(buffer, 512, 100), RED)).toBe(true);
    expect(near(pixelAt(buffer, 512, 923), BLUE)).toBe(true);
  });

  it('flattens alpha', async () => {
    const input = await sharp({
      create: { width: 64, height: 64, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { buffer } = await normalizeStartImage(input);
    expect(buffer.channels).toBe(3);
    expect(pixelAt(buffer, 512, 512)).toEqual([0, 0, 0]);
  });

  it('rejects bytes that are not an image', async () => {
    await expectStartError(
      normalizeStartImage(new TextEncoder().encode('<html>definitely not a picture</html>')),
      'UNSUPPORTED_IMAGE',
    );
  });

  it('rejects image formats other than PNG, JPEG and WebP', async () => {
    const gif = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } })
      .gif()
      .toBuffer();
    await expectStartError(normalizeStartImage(gif), 'UNSUPPORTED_IMAGE');
  });

  it('rejects a truncated PNG', async () => {
    const png = await (
      await striped(
        400,
        400,
        [
          { from: 0, to: 0.5, colour: RED },
          { from: 0.5, to: 1, colour: GREEN },
        ],
        'y',
      )
    )
      .png()
      .toBuffer();
    await expectStartError(
      normalizeStartImage(png.subarray(0, Math.floor(png.length / 2))),
      'UNSUPPORTED_IMAGE',
    );
  });

  it('rejects files over maxBytes before decoding', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    await expectStartError(normalizeStartImage(png, { maxBytes: png.byteLength - 1 }), 'TOO_LARGE');
    await expect(normalizeStartImage(png, { maxBytes: png.byteLength })).resolves.toBeDefined();
  });

  it('rejects a decompression bomb (20 000 × 20 000 PNG) from its header', async () => {
    const bomb = await sharp({
      limitInputPixels: false,
      create: { width: 20_000, height: 20_000, channels: 3, background: '#000000' },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    // Small on disk, 1.2 GB decoded.
    expect(bomb.byteLength).toBeLessThan(10 * 1024 * 1024);
    await expectStartError(normalizeStartImage(bomb), 'TOO_LARGE');
  }, 30_000);
});
