import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { StoreError } from '../errors.js';
import { assertBlobKey, assertBlobPrefix, contentTypeForKey } from './blob-key.js';
import type { BlobHead, BlobStore } from './blob-store.js';

/** The file operations the store uses; replaceable in tests to inject failures mid-write. */
export type FsOperations = Pick<
  typeof nodeFs,
  'open' | 'rename' | 'rm' | 'mkdir' | 'readFile' | 'stat' | 'readdir'
>;

export interface FsBlobStoreOptions {
  root: string;
  fs?: FsOperations;
}

/**
 * Blobs as files under `root`. A put writes a temp file in the target directory, fsyncs it,
 * renames it over the key and fsyncs the directory: a reader sees the old blob, the new one
 * or nothing — never half a blob, even across a crash.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const fs = options.fs ?? nodeFs;
  const root = options.root;
  const pathOf = (key: string) => {
    assertBlobKey(key);
    return join(root, ...key.split('/'));
  };

  async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
    try {
      const stat = await fs.stat(path);
      if (stat.size !== bytes.byteLength) return false;
      return Buffer.from(await fs.readFile(path)).equals(bytes);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    kind: 'fs',
    async put(key, bytes) {
      const path = pathOf(key);
      // Content-addressed keys are written many times with the same bytes: skip the rewrite.
      if (await sameBytes(path, bytes)) return;
      const dir = dirname(path);
      await fs.mkdir(dir, { recursive: true });
      const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
      try {
        const handle = await fs.open(temp, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, path);
      } catch (cause) {
        await fs.rm(temp, { force: true }).catch(() => {});
        throw new StoreError('BLOB_IO', `could not write blob ${key}`, { cause });
      }
      await syncDirectory(fs, dir);
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(pathOf(key)));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async stream(key): Promise<Readable | null> {
      const path = pathOf(key);
      try {
        const stat = await fs.stat(path);
        if (!stat.isFile()) return null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      return createReadStream(path);
    },
    async head(key): Promise<BlobHead | null> {
      try {
        const stat = await fs.stat(pathOf(key));
        return stat.isFile() ? { size: stat.size, contentType: contentTypeForKey(key) } : null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async exists(key) {
      return (await this.head(key)) !== null;
    },
    async delete(key) {
      await fs.rm(pathOf(key), { force: true });
    },
    async *list(prefix) {
      assertBlobPrefix(prefix);
      yield* walk(fs, root, root, prefix);
    },
    async ping() {
      await fs.mkdir(root, { recursive: true });
      await fs.stat(root);
    },
  };
}

async function* walk(fs: FsOperations, root: string, dir: string, prefix: string): AsyncGenerator<string> {
  let entries: Array<{ name: string; isDirectory(): boolean; isFile(): boolean }>;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    // Temp files of in-flight writes start with "." and are never blobs.
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const key = relative(root, path).split(sep).join('/');
    if (entry.isDirectory()) {
      // Descend only where keys below could still match the prefix.
      if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix) || prefix === '') {
        yield* walk(fs, root, path, prefix);
      }
    } else if (entry.isFile() && key.startsWith(prefix)) {
      yield key;
    }
  }
}

async function syncDirectory(fs: FsOperations, dir: string): Promise<void> {
  // Makes the rename durable. Some platforms cannot fsync a directory; the rename is still atomic.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {}
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
