import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256, the content address of cells and the fingerprint of step artifacts. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
