import type { BlobStore, CellRef, Db } from '@exquisite/store';

/**
 * In-process caches for the tile read path, holding only what can never change:
 * - which cell row serves (room, committed version, level, cx, cy): a committed version's cells
 *   are written in the same transaction as the version row and never rewritten, so once the
 *   version has been found the answer is fixed for good;
 * - the PNG bytes of a blob key: keys are content addresses (SHA-256), same key, same bytes.
 * Neither holds anything about who may see what: membership, admin status and folded-mode
 * visibility are decided from the database on every request, before the caches are asked.
 */
export class TileReadCache {
  readonly #refs = new Map<string, CellRef>();
  readonly #maxRefs: number;
  readonly #bytes = new Map<string, Uint8Array>();
  readonly #budgetBytes: number;
  #usedBytes = 0;

  constructor(options: { maxRefs: number; budgetBytes: number }) {
    this.#maxRefs = options.maxRefs;
    this.#budgetBytes = options.budgetBytes;
  }

  cellRef(roomId: string, version: number, level: number, cx: number, cy: number): CellRef | undefined {
    return touch(this.#refs, refKey(roomId, version, level, cx, cy));
  }

  /** Only for a version that exists (committed): its cells are then final. */
  setCellRef(roomId: string, version: number, ref: CellRef): void {
    const key = refKey(roomId, version, ref.level, ref.cx, ref.cy);
    if (this.#refs.has(key)) return;
    this.#refs.set(key, ref);
    for (const oldest of this.#refs.keys()) {
      if (this.#refs.size <= this.#maxRefs) break;
      this.#refs.delete(oldest);
    }
  }

  png(blobKey: string): Uint8Array | undefined {
    return touch(this.#bytes, blobKey);
  }

  /** Keeps the bytes (shared, callers must not mutate them), evicting least recently used beyond the budget. */
  setPng(blobKey: string, png: Uint8Array): void {
    if (this.#bytes.has(blobKey) || png.byteLength > this.#budgetBytes / 8) return;
    this.#bytes.set(blobKey, png);
    this.#usedBytes += png.byteLength;
    for (const [oldest, entry] of this.#bytes) {
      if (this.#usedBytes <= this.#budgetBytes) break;
      this.#bytes.delete(oldest);
      this.#usedBytes -= entry.byteLength;
    }
  }

  get pngBytes(): number {
    return this.#usedBytes;
  }

  get refCount(): number {
    return this.#refs.size;
  }
}

function refKey(roomId: string, version: number, level: number, cx: number, cy: number): string {
  return `${roomId}/${version}/${level}/${cx}/${cy}`;
}

/** Map order is insertion order: re-inserting a hit makes it the most recently used. */
function touch<V>(map: Map<string, V>, key: string): V | undefined {
  const hit = map.get(key);
  if (hit === undefined) return undefined;
  map.delete(key);
  map.set(key, hit);
  return hit;
}

/** A cell ref is ~200 bytes; PNG cells are 20–400 kB (bench/results png-level). */
export const TILE_READ_CACHE = { maxRefs: 50_000, budgetBytes: 64 * 1024 * 1024 };

// One cache per database and blob store pair, so two pipelines on different stores (tests, the
// reliability suite's replicas) never see each other's entries.
const caches = new WeakMap<Db, WeakMap<BlobStore, TileReadCache>>();

export function tileReadCacheFor(db: Db, blobs: BlobStore): TileReadCache {
  let byBlobs = caches.get(db);
  if (byBlobs === undefined) {
    byBlobs = new WeakMap();
    caches.set(db, byBlobs);
  }
  let cache = byBlobs.get(blobs);
  if (cache === undefined) {
    cache = new TileReadCache(TILE_READ_CACHE);
    byBlobs.set(blobs, cache);
  }
  return cache;
}
