import { join } from 'node:path';
import type { BlobStore } from './blob-store.js';
import { createFsBlobStore } from './fs-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

/** S3 when S3_BUCKET is set (S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE), else files under `<dataDir>/blobs`. */
export function createBlobStoreFromEnv(env: Record<string, string | undefined>, dataDir: string): BlobStore {
  const bucket = env.S3_BUCKET;
  if (!bucket) return createFsBlobStore({ root: join(dataDir, 'blobs') });
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return createS3BlobStore({
    bucket,
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    region: env.S3_REGION || 'us-east-1',
    forcePathStyle: ['1', 'true', 'yes'].includes((env.S3_FORCE_PATH_STYLE ?? '').toLowerCase()),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}
