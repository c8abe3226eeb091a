import { createHash } from 'node:crypto';
import { cellBlobKey } from '@exquisite/pipeline';
import { createBlobStoreFromEnv } from '@exquisite/store';
import { openTestDatabase, type S3TestServer, startS3Server } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobAgesFromEnv } from './blob-ages.js';
import { collectGarbage } from './commands/gc.js';

/** The S3 side of the GC's age reader, against a real S3 protocol server (s3rver). */
describe('blob ages on S3', () => {
  let s3: S3TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    s3 = await startS3Server();
    env = {
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
  });
  afterAll(() => s3.stop());

  it('reads Last-Modified of a written object, and null for an absent one', async () => {
    const blobs = createBlobStoreFromEnv(env, '/nonexistent');
    const ages = createBlobAgesFromEnv(env, '/nonexistent');
    const key = cellBlobKey(createHash('sha256').update('s3-age').digest('hex'));
    const before = Date.now();
    await blobs.put(key, new Uint8Array([1, 2, 3]));
    const modified = await ages.modifiedAt(key);
    expect(modified).toBeInstanceOf(Date);
    // Last-Modified has one-second resolution.
    expect(Math.abs(modified!.getTime() - before)).toBeLessThan(5_000);
    expect(await ages.modifiedAt(cellBlobKey('0'.repeat(64)))).toBeNull();
  });

  it('gc on S3 keeps a fresh unreferenced cell and deletes it once past the grace age', async () => {
    const database = await openTestDatabase('pglite');
    try {
      const blobs = createBlobStoreFromEnv(env, '/nonexistent');
      const blobAges = createBlobAgesFromEnv(env, '/nonexistent');
      const key = cellBlobKey(createHash('sha256').update('s3-gc').digest('hex'));
      await blobs.put(key, new Uint8Array([4, 5, 6]));
      const deps = { db: database.db, blobs, blobAges };

      const early = await collectGarbage(deps, { minAgeMs: 3_600_000 });
      expect(early.cells.deleted).not.toContain(key);
      expect(await blobs.exists(key)).toBe(true);

      const inTwoHours = () => new Date(Date.now() + 7_200_000);
      const later = await collectGarbage(deps, { minAgeMs: 3_600_000, now: inTwoHours });
      expect(later.cells.deleted).toContain(key);
      expect(await blobs.exists(key)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
