import { Readable } from 'node:stream';
import type { Viewer } from '@exquisite/pipeline';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { toCanvasDto } from '../dto/mappers.js';
import { notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { roomReadAccess, roomReadAccessOnRefusal } from '../http/room-access.js';
import { roomIdParam, tileParam, tileQuery, versionQuery } from '../http/schemas.js';
import { requireUser } from '../http/session.js';
import { validate } from '../http/validate.js';

/**
 * Canvas reads. What a viewer may see (folded rooms: the last strip until the room finishes) is
 * decided by the pipeline's read functions; a hidden cell is simply not found.
 */
export function canvasRoutes(deps: AppDeps) {
  const { db, pipeline } = deps;
  const access = roomReadAccess(db);
  const tileAccess = roomReadAccessOnRefusal(db);
  const viewerOf = (c: Context<AppEnv>): Viewer => {
    const user = requireUser(c);
    return { userId: user.id, isAdmin: user.role === 'admin' };
  };

  return new Hono<AppEnv>()
    .get(
      '/rooms/:roomId/canvas',
      access,
      validate('param', roomIdParam),
      validate('query', versionQuery),
      async (c) => {
        const view = await pipeline.readCanvas({
          roomId: c.get('readableRoom').id,
          viewer: viewerOf(c),
          version: c.req.valid('query').version,
        });
        if (!view) throw notFound('Canvas version');
        const { x, y, width, height } = view.visible;
        return c.json({ ...toCanvasDto(view), visible: { x, y, width, height } }, 200);
      },
    )
    .get(
      '/rooms/:roomId/tiles/:level/:cx/:cy{-?[0-9]+\\.png}',
      tileAccess,
      validate('param', tileParam),
      validate('query', tileQuery),
      async (c) => {
        const { level, cx, cy } = c.req.valid('param');
        const pinned = c.req.valid('query').v;
        const tile = await pipeline.readTile({
          roomId: c.req.valid('param').roomId,
          viewer: viewerOf(c),
          version: pinned,
          level,
          cx,
          cy,
        });
        if (!tile) throw notFound('Cell');
        const etag = `"${tile.sha256}"`;
        // A URL naming a version always names the same bytes; the head's cells change as it grows.
        c.header('Cache-Control', pinned === undefined ? 'no-cache' : 'public, max-age=31536000, immutable');
        c.header('ETag', etag);
        if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
        c.header('Content-Type', 'image/png');
        return c.body(toArrayBuffer(tile.png), 200);
      },
    )
    .get(
      '/rooms/:roomId/canvas.png',
      access,
      validate('param', roomIdParam),
      validate('query', versionQuery),
      async (c) => {
        const room = c.get('readableRoom');
        const version = c.req.valid('query').version;
        const exported = await pipeline.exportPng({ roomId: room.id, viewer: viewerOf(c), version });
        if (!exported) throw notFound('Canvas version');
        const stream = Readable.toWeb(exported.stream) as ReadableStream<Uint8Array>;
        c.header('Content-Type', 'image/png');
        c.header('Content-Disposition', `inline; filename="canvas-v${version ?? room.head}.png"`);
        c.header('Cache-Control', 'no-cache');
        return c.body(stream, 200);
      },
    );
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
