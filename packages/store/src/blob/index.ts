export {
  assertBlobKey,
  assertBlobPrefix,
  BlobKeyError,
  contentTypeForKey,
  MAX_BLOB_KEY_LENGTH,
} from './blob-key.js';
export { createBlobStoreFromEnv } from './from-env.js';
export { createFsBlobStore, type FsBlobStoreOptions, type FsOperations } from './fs-blob-store.js';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
