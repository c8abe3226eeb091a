import {
  cellRangeIntersecting,
  containsRect,
  levelCellRect,
  pyramidLevelCount,
  type Rect,
} from '@exquisite/geometry';
import { type BlobStore, type Db, getCells, getReadableCanvas, type ReadableCanvas } from '@exquisite/store';
import { exportCanvasPng } from '../canvas/export-png.js';
import type { CanvasView, ExportView, ReadInput, TileView } from './pipeline.js';
import { tileReadCacheFor } from './read-cache.js';
import { isFolded, visibleRect } from './visibility.js';

export interface ReadDeps {
  db: Db;
  blobs: BlobStore;
}

interface Readable {
  room: ReadableCanvas;
  canvas: Rect & { version: number };
  visible: Rect;
}

/**
 * Resolves what a viewer may read: members (and admins) only, an existing committed version,
 * and the folded-mode visible rect of that version. Null means "not found" to the caller,
 * so a non-member learns nothing about the room. One query, asked on every read and never
 * cached: a removed member, a finished folded room are seen at once.
 */
async function resolve(deps: ReadDeps, input: ReadInput): Promise<Readable | null> {
  const room = await getReadableCanvas(deps.db, input.roomId, input.viewer.userId, input.version);
  if (!room) return null;
  if (!input.viewer.isAdmin && !room.isMember) return null;
  const { canvas } = room;
  if (!canvas) return null;
  return { room, canvas, visible: visibleRect(room, canvas) };
}

export async function readCanvas(deps: ReadDeps, input: ReadInput): Promise<CanvasView | null> {
  const readable = await resolve(deps, input);
  if (!readable) return null;
  return { ...readable.canvas, levels: pyramidLevelCount(readable.canvas), visible: readable.visible };
}

/**
 * One pyramid cell. In a folded room that still hides its canvas only level-0 cells inside the
 * visible strip exist for the viewer: a downsampled cell would mix hidden pixels into view.
 */
export async function readTile(
  deps: ReadDeps,
  input: ReadInput & { level: number; cx: number; cy: number },
): Promise<TileView | null> {
  const readable = await resolve(deps, input);
  if (!readable) return null;
  const { canvas, visible } = readable;
  const { level, cx, cy } = input;
  if (level < 0 || level >= pyramidLevelCount(canvas)) return null;
  const cellArea = levelCellRect({ level, cx, cy });
  const hidden = isFolded(readable.room) && (level > 0 || !containsRect(visible, cellArea));
  if (hidden) return null;
  // Past this point the viewer may see this cell of this committed version: what remains is
  // immutable, so it may come from the cache.
  const cache = tileReadCacheFor(deps.db, deps.blobs);
  const roomId = readable.room.roomId;
  let ref = cache.cellRef(roomId, canvas.version, level, cx, cy);
  if (ref === undefined) {
    [ref] = await getCells(deps.db, roomId, canvas.version, { level, cells: [{ cx, cy }] });
    if (!ref) return null;
    cache.setCellRef(roomId, canvas.version, ref);
  }
  let png = cache.png(ref.blobKey);
  if (png === undefined) {
    png = (await deps.blobs.get(ref.blobKey)) ?? undefined;
    if (png === undefined) return null;
    cache.setPng(ref.blobKey, png);
  }
  return { png, sha256: ref.sha256 };
}

/** The visible part of the canvas (all of it unless folded) as a PNG streamed from cells. */
export async function exportPng(deps: ReadDeps, input: ReadInput): Promise<ExportView | null> {
  const readable = await resolve(deps, input);
  if (!readable) return null;
  const { visible, canvas, room } = readable;
  // A canvas is never empty (frame rules), so neither is what is visible of it.
  const range = cellRangeIntersecting(visible);
  if (range === null) return null;
  const cells = await getCells(deps.db, room.roomId, canvas.version, { level: 0, range });
  return {
    width: visible.width,
    height: visible.height,
    stream: exportCanvasPng(visible, cells, deps.blobs),
  };
}
