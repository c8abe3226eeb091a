import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, createFsBlobStore, type Database } from '@exquisite/store';
import { type BlobAges, createFsBlobAges } from '../blob-ages.js';
import type { CliIo } from '../cli.js';
import type { OperatorContext } from '../context.js';

/** A temp directory the test owns; `remove()` deletes it. */
export async function tempDir(prefix = 'exq-cli-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** An operator context over a test database and an fs blob store under `blobRoot`. */
export function testContext(
  database: Database,
  blobRoot: string,
): OperatorContext & { blobs: BlobStore; blobAges: BlobAges } {
  return {
    database,
    db: database.db,
    blobs: createFsBlobStore({ root: blobRoot }),
    blobAges: createFsBlobAges(blobRoot),
    // The suite owns the database; a command must not close it.
    close: async () => {},
  };
}

/** Captures what a command prints. */
export function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}
