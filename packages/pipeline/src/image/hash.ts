import { createHash, webcrypto } from 'node:crypto';

/** Lower-case hex SHA-256, the content address of cells and the fingerprint of step artifacts. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * `sha256Hex` computed on libuv's worker threads (WebCrypto digests run there), so the ~15 MB a
 * step hashes — its cells and artifacts — does not hold up the event loop. `bytes` must not
 * change until the promise settles.
 */
export async function sha256HexAsync(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
}
