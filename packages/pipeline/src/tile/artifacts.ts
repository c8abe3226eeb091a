import type { BlobStore } from '@exquisite/store';
import { artifactBlobKey, type TileArtifactKind } from '../canvas/cell-ref.js';
import { putPng } from '../canvas/put-blob.js';
import type { TileResult } from './types.js';

export type TileArtifactKeys = Record<TileArtifactKind, string>;

const KINDS: readonly TileArtifactKind[] = ['reference', 'mask', 'raw', 'composited'];

/**
 * Stores a tile's four artifacts under `steps/<stepId>/tile-<i>-<kind>.png` and returns
 * their keys for the step record. A failed put is ARTIFACT_WRITE_ERROR.
 */
export async function writeTileArtifacts(
  blobs: BlobStore,
  stepId: string,
  tile: Pick<TileResult, 'index' | 'artifacts'>,
): Promise<TileArtifactKeys> {
  const keys = {} as TileArtifactKeys;
  await Promise.all(
    KINDS.map(async (kind) => {
      const key = artifactBlobKey(stepId, tile.index, kind);
      await putPng(blobs, key, tile.artifacts[kind].png);
      keys[kind] = key;
    }),
  );
  return keys;
}
