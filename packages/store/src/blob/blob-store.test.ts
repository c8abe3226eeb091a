import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { type S3TestServer, startS3Server } from '../testing/s3-server.js';
import { assertBlobKey, BlobKeyError } from './blob-key.js';
import type { BlobStore } from './blob-store.js';
import { createBlobStoreFromEnv } from './from-env.js';
import { createFsBlobStore, type FsOperations } from './fs-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

const bytes = (text: string) => new TextEncoder().encode(text);

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys.sort();
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

interface Harness {
  store: BlobStore;
  /** A second store on the same bytes with a small list page size (S3) to exercise pagination. */
  paged: BlobStore;
}

/** One suite, two implementations. */
function blobStoreSuite(kind: 'fs' | 's3', open: () => Promise<Harness>, close: () => Promise<void>) {
  describe(`BlobStore [${kind}]`, () => {
    let store: BlobStore;
    let paged: BlobStore;
    beforeAll(async () => {
      ({ store, paged } = await open());
    });
    afterAll(close);

    it('puts, gets, heads, streams, checks and deletes a blob', async () => {
      expect(store.kind).toBe(kind);
      await store.put('cells/ab/abcd.png', bytes('png bytes'), { contentType: 'image/png' });
      expect(new TextDecoder().decode((await store.get('cells/ab/abcd.png'))!)).toBe('png bytes');
      expect(await store.head('cells/ab/abcd.png')).toEqual({ size: 9, contentType: 'image/png' });
      expect(await store.exists('cells/ab/abcd.png')).toBe(true);
      expect(await readAll((await store.stream('cells/ab/abcd.png'))!)).toBe('png bytes');
      await store.delete('cells/ab/abcd.png');
      expect(await store.exists('cells/ab/abcd.png')).toBe(false);
      expect(await store.get('cells/ab/abcd.png')).toBeNull();
      expect(await store.stream('cells/ab/abcd.png')).toBeNull();
      expect(await store.head('cells/ab/abcd.png')).toBeNull();
      await store.delete('cells/ab/abcd.png');
      await store.ping();
    });

    it('streams a large blob intact', async () => {
      const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      await store.put('artifacts/big.bin', big);
      const chunks: Buffer[] = [];
      for await (const chunk of (await store.stream('artifacts/big.bin'))!)
        chunks.push(Buffer.from(chunk as Uint8Array));
      const joined = Buffer.concat(chunks);
      expect(joined.length).toBe(big.length);
      expect(createHash('sha256').update(joined).digest('hex')).toBe(
        createHash('sha256').update(big).digest('hex'),
      );
    });

    it('a content-addressed put of an existing key is an idempotent no-op; other bytes replace', async () => {
      await store.put('cells/same.png', bytes('one'));
      await store.put('cells/same.png', bytes('one'));
      expect(new TextDecoder().decode((await store.get('cells/same.png'))!)).toBe('one');
      await store.put('cells/same.png', bytes('two!'));
      expect(new TextDecoder().decode((await store.get('cells/same.png'))!)).toBe('two!');
      expect(await collect(store.list('cells/same'))).toEqual(['cells/same.png']);
    });

    it('lists by prefix across several pages', async () => {
      const keys = Array.from({ length: 23 }, (_, i) => `rooms/r1/steps/s${String(i).padStart(2, '0')}.json`);
      await Promise.all(keys.map((key) => store.put(key, bytes(key))));
      await store.put('rooms/r2/steps/s00.json', bytes('other room'));
      expect(await collect(paged.list('rooms/r1/'))).toEqual(keys);
      expect(await collect(store.list('rooms/r1/steps/s1'))).toEqual(keys.slice(10, 20));
      expect(await collect(store.list('rooms/'))).toHaveLength(24);
      expect(await collect(store.list('nothing/'))).toEqual([]);
    });

    it('refuses unsafe keys before touching storage', async () => {
      for (const key of [
        '../etc/passwd',
        'a/../b',
        '/abs',
        'a//b',
        '.hidden',
        'a/.tmp',
        'sp ace',
        '',
        'x'.repeat(513),
      ]) {
        await expect(store.put(key, bytes('x'))).rejects.toBeInstanceOf(BlobKeyError);
        await expect(store.get(key)).rejects.toBeInstanceOf(BlobKeyError);
      }
      await expect(collect(store.list('../'))).rejects.toBeInstanceOf(BlobKeyError);
    });
  });
}

let fsRoot = '';
blobStoreSuite(
  'fs',
  async () => {
    fsRoot = await mkdtemp(join(tmpdir(), 'exq-blobs-'));
    const store = createFsBlobStore({ root: fsRoot });
    return { store, paged: store };
  },
  () => rm(fsRoot, { recursive: true, force: true }),
);

let s3: S3TestServer | undefined;
blobStoreSuite(
  's3',
  async () => {
    s3 = await startS3Server();
    const options = {
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    };
    return { store: createS3BlobStore(options), paged: createS3BlobStore({ ...options, pageSize: 5 }) };
  },
  async () => {
    await s3?.stop();
  },
);

describe('assertBlobKey', () => {
  it('accepts ordinary keys and rejects traversal', () => {
    expect(() => assertBlobKey('cells/0a/0a1b.png')).not.toThrow();
    expect(() => assertBlobKey('rooms/r-1/steps/s_2/raw.1.png')).not.toThrow();
    expect(() => assertBlobKey('cells/..png')).toThrow(BlobKeyError);
    expect(() => assertBlobKey('a\\b')).toThrow(BlobKeyError);
  });
});

describe('fs blob store failures', () => {
  it('a write failing midway leaves neither the blob nor a temp file visible', async () => {
    const root = await mkdtemp(join(tmpdir(), 'exq-blobs-fail-'));
    try {
      // The injected handle writes half the bytes, then the disk "fills up".
      const failing: FsOperations = {
        ...nodeFs,
        open: (async (path: string, flags: string) => {
          const handle = await nodeFs.open(path, flags);
          if (flags !== 'wx') return handle;
          return Object.assign(Object.create(handle), {
            writeFile: async (data: Uint8Array) => {
              await handle.write(data.subarray(0, data.length / 2));
              throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
            },
            sync: () => handle.sync(),
            close: () => handle.close(),
          });
        }) as FsOperations['open'],
      };
      const store = createFsBlobStore({ root, fs: failing });
      const error = await store.put('cells/x/half.png', bytes('0123456789')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('BLOB_IO');
      const healthy = createFsBlobStore({ root });
      expect(await healthy.exists('cells/x/half.png')).toBe(false);
      expect(await collect(healthy.list(''))).toEqual([]);
      expect(await readdir(join(root, 'cells', 'x'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a failing rename keeps the previous version of the blob intact', async () => {
    const root = await mkdtemp(join(tmpdir(), 'exq-blobs-rename-'));
    try {
      await createFsBlobStore({ root }).put('cells/keep.png', bytes('old'));
      const store = createFsBlobStore({
        root,
        fs: {
          ...nodeFs,
          rename: async () => {
            throw Object.assign(new Error('EIO'), { code: 'EIO' });
          },
        },
      });
      await expect(store.put('cells/keep.png', bytes('new!'))).rejects.toBeInstanceOf(StoreError);
      expect(new TextDecoder().decode((await store.get('cells/keep.png'))!)).toBe('old');
      expect(await readdir(join(root, 'cells'))).toEqual(['keep.png']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('s3 upload aborted midway', () => {
  it('leaves at most debris that a retried put replaces with the whole blob', async () => {
    const server = await startS3Server({ bucket: 'abort-test' });
    try {
      const credentials = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      const intended = Buffer.alloc(4 << 20, 7);
      const controller = new AbortController();
      let sent = 0;
      const body = new Readable({
        read() {
          if (sent >= 64 * 1024) return;
          sent += 64 * 1024;
          this.push(intended.subarray(0, 64 * 1024));
          // Abort once the first chunk is on the wire, as a dying process would.
          setImmediate(() => controller.abort());
        },
      });
      const put = client.send(
        new PutObjectCommand({
          Bucket: server.bucket,
          Key: 'cells/aborted.png',
          Body: body,
          ContentLength: intended.length,
        }),
        { abortSignal: controller.signal },
      );
      await expect(put).rejects.toThrow();
      client.destroy();
      const store = createS3BlobStore({
        bucket: server.bucket,
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials,
      });
      // Real S3 and MinIO never expose an aborted upload; s3rver is not atomic and may keep a
      // truncated object. Either way the retried put must not mistake it for the finished blob
      // (the content-addressed skip compares sha256 metadata, not mere existence).
      const debris = await store.head('cells/aborted.png');
      expect(debris === null || debris.size < intended.length).toBe(true);
      await store.put('cells/aborted.png', intended);
      const read = await store.get('cells/aborted.png');
      expect(read?.length).toBe(intended.length);
      expect(Buffer.from(read!).equals(intended)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('refuses to hand out an object whose bytes do not match its recorded sha256', async () => {
    const server = await startS3Server({ bucket: 'integrity-test' });
    try {
      const credentials = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials,
      });
      await client.send(
        new PutObjectCommand({
          Bucket: server.bucket,
          Key: 'cells/torn.png',
          Body: bytes('half'),
          Metadata: { sha256: createHash('sha256').update('the whole thing').digest('hex') },
        }),
      );
      client.destroy();
      const store = createS3BlobStore({
        bucket: server.bucket,
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials,
      });
      await expect(store.get('cells/torn.png')).rejects.toThrow(/integrity/);
    } finally {
      await server.stop();
    }
  });
});

describe('createBlobStoreFromEnv', () => {
  it('uses the filesystem under <dataDir>/blobs without S3_BUCKET, S3 with it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'exq-env-'));
    try {
      const fsStore = createBlobStoreFromEnv({}, dataDir);
      expect(fsStore.kind).toBe('fs');
      await fsStore.put('probe.txt', bytes('hi'));
      expect(await readdir(join(dataDir, 'blobs'))).toEqual(['probe.txt']);
      const s3Store = createBlobStoreFromEnv(
        { S3_BUCKET: 'b', S3_ENDPOINT: 'http://127.0.0.1:1', S3_FORCE_PATH_STYLE: 'true' },
        dataDir,
      );
      expect(s3Store.kind).toBe('s3');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
