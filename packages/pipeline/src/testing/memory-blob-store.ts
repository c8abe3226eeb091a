import { Readable } from 'node:stream';
import type { BlobHead, BlobStore } from '@exquisite/store';

/**
 * A BlobStore in a Map, for tests of the canvas engine: the pipeline depends only on the
 * interface, and this keeps canvas tests free of disk and S3 set-up. It records every call
 * so tests can assert which cells were read or written.
 */
export class MemoryBlobStore implements BlobStore {
  readonly kind = 'fs' as const;
  readonly blobs: Map<string, { bytes: Uint8Array; contentType: string | undefined }>;
  readonly gets: string[] = [];
  readonly puts: string[] = [];
  /** When set, every put fails with this error (to provoke ARTIFACT_WRITE_ERROR). */
  failPuts: Error | null = null;

  constructor(blobs = new Map<string, { bytes: Uint8Array; contentType: string | undefined }>()) {
    this.blobs = blobs;
  }

  /**
   * The same stored bytes seen through another store object, as another process would see
   * them: decoded cells are cached per store object, so reads here really reach the blobs.
   */
  coldView(): MemoryBlobStore {
    return new MemoryBlobStore(this.blobs);
  }

  async put(key: string, bytes: Uint8Array, options?: { contentType?: string }): Promise<void> {
    if (this.failPuts) throw this.failPuts;
    this.puts.push(key);
    this.blobs.set(key, { bytes: bytes.slice(), contentType: options?.contentType });
  }

  async get(key: string): Promise<Uint8Array | null> {
    this.gets.push(key);
    return this.blobs.get(key)?.bytes ?? null;
  }

  async stream(key: string): Promise<Readable | null> {
    const bytes = await this.get(key);
    return bytes === null ? null : Readable.from([bytes]);
  }

  async head(key: string): Promise<BlobHead | null> {
    const blob = this.blobs.get(key);
    return blob === undefined ? null : { size: blob.bytes.byteLength, contentType: blob.contentType };
  }

  async exists(key: string): Promise<boolean> {
    return this.blobs.has(key);
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async *list(prefix: string): AsyncIterable<string> {
    for (const key of this.blobs.keys()) if (key.startsWith(prefix)) yield key;
  }

  async ping(): Promise<void> {}

  resetCounts(): void {
    this.gets.length = 0;
    this.puts.length = 0;
  }
}
