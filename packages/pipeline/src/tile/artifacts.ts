import type { BlobStore } from '@exquisite/store';
import { artifactBlobKey, type TileArtifactKind } from '../canvas/cell-ref.js';
import { putPng } from '../canvas/put-blob.js';
import type { FailedTileArtifacts } from '../failure.js';
import { encodePngHashed } from '../image/codec.js';
import type { TileArtifact, TileArtifacts, TileResult } from './types.js';

export type TileArtifactKeys = Record<TileArtifactKind, string>;

const KINDS: readonly TileArtifactKind[] = ['reference', 'mask', 'raw', 'composited'];

export interface WrittenTileArtifacts {
  keys: TileArtifactKeys;
  sha256: Record<TileArtifactKind, string>;
}

/**
 * Stores a tile's four artifacts under `steps/<stepId>/tile-<i>-<kind>.png` — the three the
 * tile run produced, and the composited tile encoded here from its pixels — and returns their
 * keys and hashes for the step record. A failed put is ARTIFACT_WRITE_ERROR.
 */
export async function writeTileArtifacts(
  blobs: BlobStore,
  stepId: string,
  tile: Pick<TileResult, 'index' | 'artifacts' | 'composited'>,
): Promise<WrittenTileArtifacts> {
  const artifacts: TileArtifacts = { ...tile.artifacts, composited: await compositedArtifact(tile) };
  const keys = {} as TileArtifactKeys;
  const sha256 = {} as Record<TileArtifactKind, string>;
  await Promise.all(
    KINDS.map(async (kind) => {
      const key = artifactBlobKey(stepId, tile.index, kind);
      await putPng(blobs, key, artifacts[kind].png);
      keys[kind] = key;
      sha256[kind] = artifacts[kind].sha256;
    }),
  );
  return { keys, sha256 };
}

/**
 * The composited tile as an artifact: encoded from the tile's pixels when it is stored (in the
 * write phase, or for a failed step's completed tiles), never in the tile loop itself. The
 * PNG is hashed by the worker that wrote it.
 */
export async function compositedArtifact(tile: Pick<TileResult, 'composited'>): Promise<TileArtifact> {
  return encodePngHashed(tile.composited);
}

/** Keys and hashes of the artifacts of a failed step's tile that could be stored. */
export interface KeptTileArtifacts {
  index: number;
  keys: Partial<TileArtifactKeys>;
  sha256: Partial<Record<TileArtifactKind, string>>;
}

/**
 * Best effort for a failed step: stores whatever artifacts its tiles had produced so an
 * operator can see what went wrong. A put that fails is left out rather than thrown, since
 * the step is already failing with its own code (often ARTIFACT_WRITE_ERROR itself).
 */
export async function keepFailedTileArtifacts(
  blobs: BlobStore,
  stepId: string,
  tiles: readonly FailedTileArtifacts[],
): Promise<KeptTileArtifacts[]> {
  return Promise.all(
    tiles.map(async (tile) => {
      const kept: KeptTileArtifacts = { index: tile.index, keys: {}, sha256: {} };
      await Promise.allSettled(
        KINDS.map(async (kind) => {
          const artifact = tile.artifacts[kind];
          if (artifact === undefined) return;
          const key = artifactBlobKey(stepId, tile.index, kind);
          await putPng(blobs, key, artifact.png);
          kept.keys[kind] = key;
          kept.sha256[kind] = artifact.sha256;
        }),
      );
      return kept;
    }),
  );
}
