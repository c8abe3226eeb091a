import { createHash, randomBytes } from 'node:crypto';

/** Session tokens: 32 random bytes for the cookie; only their SHA-256 goes to the database. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token this server could have issued (43 base64url characters); anything else is ignored unread. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
