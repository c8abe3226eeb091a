import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertBlobKey } from '@exquisite/store';
import type { Env } from './paths.js';

/**
 * When a blob was last written. The store's `BlobHead` carries no timestamp, and garbage
 * collection needs one (a fresh unreferenced cell may belong to a step about to commit), so
 * the CLI reads it beside the store: file mtime, or the object's Last-Modified.
 */
export interface BlobAges {
  modifiedAt(key: string): Promise<Date | null>;
}

export function createFsBlobAges(root: string): BlobAges {
  return {
    async modifiedAt(key) {
      assertBlobKey(key);
      try {
        return (await stat(join(root, ...key.split('/')))).mtime;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

export function createS3BlobAges(client: S3Client, bucket: string): BlobAges {
  return {
    async modifiedAt(key) {
      assertBlobKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return head.LastModified ?? null;
      } catch (error) {
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
          return null;
        throw error;
      }
    },
  };
}

/** Mirrors `createBlobStoreFromEnv`: S3 when S3_BUCKET is set, else files under `<dataDir>/blobs`. */
export function createBlobAgesFromEnv(env: Env, dataDir: string): BlobAges {
  const bucket = env.S3_BUCKET;
  if (!bucket) return createFsBlobAges(join(dataDir, 'blobs'));
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const client = new S3Client({
    region: env.S3_REGION || 'us-east-1',
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    forcePathStyle: ['1', 'true', 'yes'].includes((env.S3_FORCE_PATH_STYLE ?? '').toLowerCase()),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return createS3BlobAges(client, bucket);
}
