import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { StoreError } from '../errors.js';
import { assertBlobKey, assertBlobPrefix } from './blob-key.js';
import type { BlobStore } from './blob-store.js';

export interface S3BlobStoreOptions {
  bucket: string;
  endpoint?: string;
  region?: string;
  /** Needed by most self-hosted S3 servers (MinIO, s3rver). */
  forcePathStyle?: boolean;
  /** Default: the SDK's chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** MaxKeys per list page (S3 caps it at 1000). */
  pageSize?: number;
}

/** The sha256 of the bytes travels as object metadata so a repeated put can be skipped by a HEAD. */
const SHA_META = 'sha256';

/** Any S3-compatible bucket. S3 PUTs are atomic: an object is visible whole or not at all. */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Only checksum when an operation requires it: many S3-compatible servers reject the
    // newer default (aws-chunked trailers).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;

  async function headObject(key: string) {
    try {
      return await client.send(new HeadObjectCommand({ Bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new StoreError('BLOB_IO', `could not head blob ${key}`, { cause: error });
    }
  }

  async function getObject(key: string) {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new StoreError('BLOB_IO', `could not read blob ${key}`, { cause: error });
    }
  }

  return {
    kind: 's3',
    async put(key, bytes, putOptions) {
      assertBlobKey(key);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const existing = await headObject(key);
      if (existing?.Metadata?.[SHA_META] === sha256) return;
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ContentType: putOptions?.contentType,
            Metadata: { [SHA_META]: sha256 },
          }),
        );
      } catch (cause) {
        throw new StoreError('BLOB_IO', `could not write blob ${key}`, { cause });
      }
    },
    async get(key) {
      assertBlobKey(key);
      const object = await getObject(key);
      if (!object?.Body) return null;
      const bytes = await object.Body.transformToByteArray();
      // Catches a truncated object left by a server that is not atomic on an aborted upload.
      const expected = object.Metadata?.[SHA_META];
      if (expected && createHash('sha256').update(bytes).digest('hex') !== expected) {
        throw new StoreError('BLOB_IO', `blob ${key} failed its sha256 integrity check`);
      }
      return bytes;
    },
    async stream(key) {
      assertBlobKey(key);
      const object = await getObject(key);
      if (!object?.Body) return null;
      // In Node the SDK's body is an http.IncomingMessage (a Readable).
      return object.Body instanceof Readable
        ? object.Body
        : Readable.from(object.Body as AsyncIterable<Uint8Array>);
    },
    async head(key) {
      assertBlobKey(key);
      const object = await headObject(key);
      return object ? { size: object.ContentLength ?? 0, contentType: object.ContentType } : null;
    },
    async exists(key) {
      return (await this.head(key)) !== null;
    },
    async delete(key) {
      assertBlobKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (isNotFound(error)) return;
        throw new StoreError('BLOB_IO', `could not delete blob ${key}`, { cause: error });
      }
    },
    async *list(prefix) {
      assertBlobPrefix(prefix);
      // ListObjects (v1) paged by Marker = the last key seen: keys come in UTF-8 order on every
      // S3-compatible server, and v2 continuation tokens are broken on some (s3rver on Node 20).
      let marker: string | undefined;
      for (;;) {
        const page = await client.send(
          new ListObjectsCommand({
            Bucket,
            Prefix: prefix || undefined,
            Marker: marker,
            MaxKeys: options.pageSize ?? 1000,
          }),
        );
        const contents = page.Contents ?? [];
        for (const object of contents) if (object.Key) yield object.Key;
        const last = contents.at(-1)?.Key;
        if (!page.IsTruncated || !last) return;
        marker = last;
      }
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}
