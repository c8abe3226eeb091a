import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route parameters are untrusted: a malformed id is "not found", never a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function newTurnNonce(): string {
  return randomUUID();
}
