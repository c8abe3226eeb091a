import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { planStep, type Rect } from '@exquisite/geometry';
import { type BlobStore, createFsBlobStore, createS3BlobStore } from '@exquisite/store';
import { type S3TestServer, startS3Server } from '@exquisite/store/testing';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { worldPattern } from '../testing/pictures.js';
import { CellIndex } from './cell-ref.js';
import { exportCanvasPng } from './export-png.js';
import { updatePyramid } from './pyramid.js';
import { readRegion } from './read-region.js';
import { writeCells } from './write-cells.js';

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/** The canvas engine against the real blob stores the product ships with. */
function suite(kind: string, open: () => Promise<BlobStore>) {
  describe(`canvas cells on the ${kind} blob store`, () => {
    it('writes, reads back, builds the pyramid and exports exactly', async () => {
      const blobs = await open();
      const canvas: Rect = { x: -512, y: -512, width: 1536, height: 1024 };
      const pixels = worldPattern(canvas, 17);
      const level0 = await writeCells(blobs, { buffer: pixels, origin: canvas }, canvas);
      for (const ref of level0) expect(await blobs.exists(ref.blobKey)).toBe(true);

      const back = await readRegion(blobs, level0, canvas);
      expect(Buffer.from(back.data).equals(Buffer.from(pixels.data))).toBe(true);

      const pyramid = await updatePyramid(blobs, async () => [], level0, { before: null, after: canvas });
      expect(pyramid.length).toBeGreaterThan(0);
      const top = await readRegion(
        blobs,
        pyramid,
        { x: -256, y: -256, width: 768, height: 512 },
        { level: 1 },
      );
      expect(top.channels).toBe(4);
      expect(top.data[3]).toBe(255); // inside the canvas: opaque

      const png = await collect(exportCanvasPng(canvas, new CellIndex(0, level0), blobs));
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      expect(info).toMatchObject({ width: canvas.width, height: canvas.height, channels: 3 });
      expect(data.equals(Buffer.from(pixels.data))).toBe(true);

      // A step's cells land next to the old ones; the plan decides which.
      const plan = planStep(canvas, 'up', { featherPx: 32 });
      const grown = worldPattern(plan.after, 18);
      const changed = await writeCells(blobs, { buffer: grown, origin: plan.after }, plan.changedRegion);
      expect(changed.map((r) => r.cy).sort((a, b) => a - b)).toEqual([-2, -2, -2, -1, -1, -1]);
    });
  });
}

let dir: string | undefined;
suite('fs', async () => {
  dir ??= await mkdtemp(join(tmpdir(), 'exq-pipeline-'));
  return createFsBlobStore({ root: dir });
});

let s3: S3TestServer | undefined;
suite('s3', async () => {
  s3 ??= await startS3Server();
  return createS3BlobStore({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
});

afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
