/** Thrown for a key that could escape the store's root or confuse an S3 listing. */
export class BlobKeyError extends Error {
  override readonly name = 'BlobKeyError';
  readonly code = 'INVALID_BLOB_KEY';
  readonly key: string;

  constructor(key: string, reason: string) {
    super(`invalid blob key ${JSON.stringify(key.slice(0, 80))}: ${reason}`);
    this.key = key;
  }
}

// Segments start with an alphanumeric, so no segment is `.`/`..` and no name is a hidden temp file.
const SAFE_KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;
export const MAX_BLOB_KEY_LENGTH = 512;

export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new BlobKeyError(String(key), 'empty');
  if (key.length > MAX_BLOB_KEY_LENGTH) throw new BlobKeyError(key, `longer than ${MAX_BLOB_KEY_LENGTH}`);
  if (key.includes('..')) throw new BlobKeyError(key, 'contains ".."');
  if (!SAFE_KEY.test(key))
    throw new BlobKeyError(key, 'only letters, digits, ".", "_", "-" and "/" separators');
}

/** A listing prefix may be empty or end with "/"; otherwise it follows the key rules. */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === '') return;
  assertBlobKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** Content types by extension; the fs store keeps no metadata beside the bytes. */
export function contentTypeForKey(key: string): string | undefined {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext];
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  json: 'application/json',
  txt: 'text/plain',
};
