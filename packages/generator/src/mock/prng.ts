import { createHash } from 'node:crypto';

/** SHA-256 over length-prefixed parts, so ("ab","c") and ("a","bc") never collide. */
export function hashParts(parts: ReadonlyArray<Uint8Array | string>): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(bytes.byteLength));
    hash.update(length);
    hash.update(bytes);
  }
  return new Uint8Array(hash.digest());
}

export function seedFromHash(hash: Uint8Array, offset = 0): number {
  return (
    (((hash[offset] ?? 0) << 24) |
      ((hash[offset + 1] ?? 0) << 16) |
      ((hash[offset + 2] ?? 0) << 8) |
      (hash[offset + 3] ?? 0)) >>>
    0
  );
}

/** mulberry32: tiny, fast, good enough for textures; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
