import { describe, expect, it } from 'vitest';
import { StepFailure } from '../failure.js';
import { sha256Hex } from '../image/hash.js';
import { MemoryBlobStore } from '../testing/memory-blob-store.js';
import { writeTileArtifacts } from './artifacts.js';
import type { TileArtifacts } from './types.js';

function artifacts(): TileArtifacts {
  const make = (n: number) => {
    const png = Uint8Array.of(n, n + 1, n + 2);
    return { png, sha256: sha256Hex(png) };
  };
  return { reference: make(1), mask: make(2), raw: make(3), composited: make(4) };
}

describe('writeTileArtifacts', () => {
  it('stores the four artifacts under the step and tile', async () => {
    const blobs = new MemoryBlobStore();
    const tile = { index: 3, artifacts: artifacts() };
    const keys = await writeTileArtifacts(blobs, 'step-abc', tile);
    expect(keys).toEqual({
      reference: 'steps/step-abc/tile-3-reference.png',
      mask: 'steps/step-abc/tile-3-mask.png',
      raw: 'steps/step-abc/tile-3-raw.png',
      composited: 'steps/step-abc/tile-3-composited.png',
    });
    for (const kind of ['reference', 'mask', 'raw', 'composited'] as const) {
      expect(Array.from((await blobs.get(keys[kind]))!)).toEqual(Array.from(tile.artifacts[kind].png));
      expect((await blobs.head(keys[kind]))?.contentType).toBe('image/png');
    }
  });

  it('fails as ARTIFACT_WRITE_ERROR when the store does', async () => {
    const blobs = new MemoryBlobStore();
    blobs.failPuts = new Error('bucket gone');
    const err = await writeTileArtifacts(blobs, 'step-abc', { index: 0, artifacts: artifacts() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StepFailure);
    expect((err as StepFailure).code).toBe('ARTIFACT_WRITE_ERROR');
  });

  it('refuses a step id that would escape its prefix', async () => {
    await expect(
      writeTileArtifacts(new MemoryBlobStore(), '../x', { index: 0, artifacts: artifacts() }),
    ).rejects.toThrow(RangeError);
  });
});
