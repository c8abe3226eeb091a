import { createHash } from 'node:crypto';
import type { Direction } from '@exquisite/geometry';

/**
 * Fingerprint of a step submission's body. A retry with the same Idempotency-Key and the same
 * body replays the step; the same key with a different body is IDEMPOTENCY_MISMATCH.
 */
export function stepRequestHash(body: { direction: Direction; prompt: string; turnNonce: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([body.direction, body.prompt, body.turnNonce]))
    .digest('hex');
}
