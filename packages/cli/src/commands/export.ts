import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ImageProvider } from '@exquisite/generator';
import { createPipeline, type ExportView, exportCanvasPng } from '@exquisite/pipeline';
import { type BlobStore, type Db, getCanvasVersion, getCells, getRoom, writeAudit } from '@exquisite/store';
import { CliError } from '../errors.js';
import { CLI_ACTOR } from './admin.js';

/** Export never generates; a provider that refuses keeps the CLI free of generator config. */
const NO_GENERATOR: ImageProvider = {
  name: 'none',
  model: 'none',
  edit: () => Promise.reject(new Error('the operator CLI does not generate')),
  create: () => Promise.reject(new Error('the operator CLI does not generate')),
};

/**
 * Streams a room's canvas (head or a committed version) to a PNG file through the pipeline's
 * export, as an admin viewer. Like every reader, an admin sees only the frontier strip of an
 * unfinished folded room (nobody spoils the reveal by accident); `reveal` exports the whole
 * canvas anyway, deliberately, and the audit entry says so. The file appears complete or not
 * at all (written beside, then renamed).
 */
export async function exportRoom(
  deps: { db: Db; blobs: BlobStore },
  input: { roomId: string; version?: number; out: string; reveal?: boolean },
): Promise<{ width: number; height: number; path: string }> {
  const view = input.reveal ? await exportWhole(deps, input) : await exportAsAdmin(deps, input);
  if (!view) {
    const what = input.version === undefined ? '' : ` at version ${input.version}`;
    throw new CliError('NOT_FOUND', `no room ${input.roomId}${what}`);
  }
  const partial = `${input.out}.partial`;
  try {
    await pipeline(view.stream, createWriteStream(partial));
    await rename(partial, input.out);
  } catch (cause) {
    await rm(partial, { force: true });
    throw new CliError('IO', `export to ${input.out} failed: ${(cause as Error).message}`, { cause });
  }
  await writeAudit(deps.db, {
    actorId: CLI_ACTOR.actorId,
    action: 'room.export',
    targetType: 'room',
    targetId: input.roomId,
    data: {
      via: CLI_ACTOR.via,
      version: input.version ?? 'head',
      reveal: input.reveal ?? false,
      width: view.width,
      height: view.height,
    },
  });
  return { width: view.width, height: view.height, path: input.out };
}

function exportAsAdmin(
  deps: { db: Db; blobs: BlobStore },
  input: { roomId: string; version?: number },
): Promise<ExportView | null> {
  const service = createPipeline({ db: deps.db, blobs: deps.blobs, generator: NO_GENERATOR });
  return service.exportPng({
    roomId: input.roomId,
    viewer: { userId: 'cli', isAdmin: true },
    ...(input.version === undefined ? {} : { version: input.version }),
  });
}

/** The whole canvas of the version, whatever the room's mode: the pipeline's streaming export over every level-0 cell. */
async function exportWhole(
  deps: { db: Db; blobs: BlobStore },
  input: { roomId: string; version?: number },
): Promise<ExportView | null> {
  if (!(await getRoom(deps.db, input.roomId))) return null;
  const version = await getCanvasVersion(deps.db, input.roomId, input.version);
  if (!version) return null;
  const canvas = { x: version.x, y: version.y, width: version.width, height: version.height };
  const cells = await getCells(deps.db, input.roomId, version.version, { level: 0 });
  return { width: canvas.width, height: canvas.height, stream: exportCanvasPng(canvas, cells, deps.blobs) };
}
