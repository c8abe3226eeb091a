import { createPixelBuffer } from '@exquisite/geometry';
import { describe, expect, it } from 'vitest';
import { StepFailure } from '../failure.js';
import { decodeImage } from '../image/codec.js';
import { sha256Hex } from '../image/hash.js';
import { MemoryBlobStore } from '../testing/memory-blob-store.js';
import { writeTileArtifacts } from './artifacts.js';
import type { GeneratedTileArtifacts } from './types.js';

function artifacts(): GeneratedTileArtifacts {
  const make = (n: number) => {
    const png = Uint8Array.of(n, n + 1, n + 2);
    return { png, sha256: sha256Hex(png) };
  };
  return { reference: make(1), mask: make(2), raw: make(3) };
}

/** A small composited tile with a recognisable gradient (the writer encodes it itself). */
function compositedPixels() {
  const pixels = createPixelBuffer(64, 32, 3);
  for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = (i * 13) % 256;
  return pixels;
}

describe('writeTileArtifacts', () => {
  it('stores the four artifacts under the step and tile', async () => {
    const blobs = new MemoryBlobStore();
    const tile = { index: 3, artifacts: artifacts(), composited: compositedPixels() };
    const { keys, sha256 } = await writeTileArtifacts(blobs, 'step-abc', tile);
    expect(keys).toEqual({
      reference: 'steps/step-abc/tile-3-reference.png',
      mask: 'steps/step-abc/tile-3-mask.png',
      raw: 'steps/step-abc/tile-3-raw.png',
      composited: 'steps/step-abc/tile-3-composited.png',
    });
    for (const kind of ['reference', 'mask', 'raw'] as const) {
      expect(Array.from((await blobs.get(keys[kind]))!)).toEqual(Array.from(tile.artifacts[kind].png));
      expect(sha256[kind]).toBe(tile.artifacts[kind].sha256);
    }
    // The composited tile is encoded by the writer: its PNG decodes to the tile's pixels.
    const composited = (await blobs.get(keys.composited))!;
    expect(sha256.composited).toBe(sha256Hex(composited));
    expect(Array.from((await decodeImage(composited)).data)).toEqual(Array.from(tile.composited.data));
    for (const kind of ['reference', 'mask', 'raw', 'composited'] as const) {
      expect((await blobs.head(keys[kind]))?.contentType).toBe('image/png');
    }
  });

  it('fails as ARTIFACT_WRITE_ERROR when the store does', async () => {
    const blobs = new MemoryBlobStore();
    blobs.failPuts = new Error('bucket gone');
    const err = await writeTileArtifacts(blobs, 'step-abc', {
      index: 0,
      artifacts: artifacts(),
      composited: compositedPixels(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect((err as StepFailure).code).toBe('ARTIFACT_WRITE_ERROR');
  });

  it('refuses a step id that would escape its prefix', async () => {
    await expect(
      writeTileArtifacts(new MemoryBlobStore(), '../x', {
        index: 0,
        artifacts: artifacts(),
        composited: compositedPixels(),
      }),
    ).rejects.toThrow(RangeError);
  });
});
