import type { BlobStore } from '@exquisite/store';
import { StepFailure } from '../failure.js';

/** Puts a PNG; a storage failure is the step's ARTIFACT_WRITE_ERROR (retryable by the player). */
export async function putPng(blobs: BlobStore, key: string, png: Uint8Array): Promise<void> {
  try {
    await blobs.put(key, png, { contentType: 'image/png' });
  } catch (cause) {
    throw new StepFailure('ARTIFACT_WRITE_ERROR', {
      detail: `cannot write ${key}: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    });
  }
}
