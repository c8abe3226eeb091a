import type { Readable } from 'node:stream';

/**
 * Bytes owned by the blob store: canvas cells, pyramid cells, step artifacts.
 * Blobs are written before the database commit that references them, so an
 * unreferenced blob is garbage, never corruption.
 *
 * Keys are validated by every implementation (see `assertBlobKey`).
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3';
  /** Writes atomically. For content-addressed keys a second put of the same key is a cheap no-op. */
  put(key: string, bytes: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** The whole blob, or null when absent. */
  get(key: string): Promise<Uint8Array | null>;
  /** A streaming read, or null when absent. */
  stream(key: string): Promise<Readable | null>;
  head(key: string): Promise<BlobHead | null>;
  exists(key: string): Promise<boolean>;
  /** Idempotent: deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix`, in no particular order (for garbage collection). */
  list(prefix: string): AsyncIterable<string>;
  /** Cheap liveness probe for `/readyz`. */
  ping(): Promise<void>;
}

export interface BlobHead {
  size: number;
  contentType: string | undefined;
}
