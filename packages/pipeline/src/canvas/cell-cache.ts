import type { PixelBuffer } from '@exquisite/geometry';
import type { BlobStore } from '@exquisite/store';

/**
 * Decoded cells, by blob key, per blob store. Cell keys are content addresses (the SHA-256 of
 * the pixels), so an entry can never go stale: the same key always means the same pixels.
 * A step decodes the cells its predecessor just wrote (the band it extends, the pyramid
 * parents it updates); keeping them decoded takes PNG decoding off the step's critical path.
 */
export class CellCache {
  readonly #entries = new Map<string, PixelBuffer>();
  readonly #budgetBytes: number;
  #bytes = 0;

  constructor(budgetBytes: number) {
    this.#budgetBytes = budgetBytes;
  }

  /** Shared with every other reader: treat it as read-only (copy before painting into it). */
  get(blobKey: string, channels: 3 | 4): PixelBuffer | undefined {
    const key = `${channels}:${blobKey}`;
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit;
  }

  /**
   * Keeps `pixels` (not a copy: the caller hands them over and must not paint into them
   * afterwards), evicting the least recently used entries beyond the budget.
   */
  set(blobKey: string, pixels: PixelBuffer): void {
    const key = `${pixels.channels}:${blobKey}`;
    if (this.#entries.has(key) || pixels.data.byteLength > this.#budgetBytes) return;
    this.#entries.set(key, pixels);
    this.#bytes += pixels.data.byteLength;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#budgetBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.data.byteLength;
    }
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/** Enough for a step's band and every pyramid level above it, many times over. */
export const CELL_CACHE_BYTES = 96 * 1024 * 1024;

const caches = new WeakMap<BlobStore, CellCache>();

/** The cache that belongs to this blob store (created on first use). */
export function cellCacheFor(blobs: BlobStore): CellCache {
  let cache = caches.get(blobs);
  if (cache === undefined) {
    cache = new CellCache(CELL_CACHE_BYTES);
    caches.set(blobs, cache);
  }
  return cache;
}
