import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { planStep } from '@exquisite/geometry';
import type { ColorTransfer, RoomDto, StepDto, UserDto } from '../src/api/contract.js';
import { webRoot } from './harness.js';

/**
 * A tiny stand-in for the API, for smoking the built SPA in Chromium before the real server
 * exists. It is NOT the e2e target (game.e2e.ts runs against apps/api); it fakes one room
 * whose steps commit at once, and serves flat-colour PNGs of the right sizes.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A solid RGB PNG of the given size. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function startFakeApi(): Promise<{ origin: string; stop: () => Promise<void> }> {
  const users = new Map<string, UserDto>();
  const sessions = new Map<string, string>();
  const rooms = new Map<string, RoomDto>();
  const steps: StepDto[] = [];
  const streams = new Set<ServerResponse>();
  let seq = 0;
  const id = (p: string) => `${p}-${++seq}`;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { error: { code, message } });
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('latin1')));
      req.on('end', () => resolve(s));
    });
  const me = (req: IncomingMessage) => {
    const token = /exq_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const userId = token ? sessions.get(token) : undefined;
    return userId ? users.get(userId) : undefined;
  };
  const emit = (name: string, data: unknown) => {
    for (const res of streams) res.write(`id: ${++seq}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (!path.startsWith('/api/')) {
      const asked = join(webRoot, 'dist', path);
      const file = existsSync(asked) && extname(asked) !== '' ? asked : join(webRoot, 'dist', 'index.html');
      const types: Record<string, string> = {
        '.js': 'text/javascript',
        '.css': 'text/css',
        '.html': 'text/html',
      };
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
      });
      createReadStream(file).pipe(res);
      return;
    }
    const user = me(req);
    if (path === '/api/auth/register' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as { email: string; displayName: string };
      const created: UserDto = {
        id: id('u'),
        email: body.email,
        displayName: body.displayName,
        role: 'admin',
        credits: 25,
      };
      users.set(created.id, created);
      const token = id('t');
      sessions.set(token, created.id);
      res.setHeader('set-cookie', `exq_session=${token}; Path=/; HttpOnly; SameSite=Lax`);
      return json(res, 201, { user: created });
    }
    if (!user) return fail(res, 401, 'UNAUTHENTICATED', 'Sign in first.');
    if (path === '/api/auth/me') return json(res, 200, { user });
    if (path === '/api/rooms' && req.method === 'GET') return json(res, 200, { rooms: [...rooms.values()] });
    if (path === '/api/rooms' && req.method === 'POST') {
      const body = await readBody(req);
      const name = /name="name"\r\n\r\n([^\r]*)/.exec(body)?.[1] ?? 'Room';
      const room: RoomDto = {
        id: id('r'),
        name,
        ownerId: user.id,
        inviteCode: 'SMOKE1',
        mode: 'open',
        direction: null,
        status: 'open',
        canvas: { x: 0, y: 0, width: 1024, height: 1024, version: 1 },
        members: [{ userId: user.id, displayName: user.displayName, seat: 0 }],
        turn: { number: 1, seat: 0, userId: user.id, nonce: id('n') },
        activeStep: null,
        limits: { maxWidth: 8192, maxHeight: 8192, maxTurns: null },
        settings: {
          featherPx: 128,
          colorMatch: true,
          prefill: 'smear',
          blend: 'feather',
          // As the server: hybrid unless the form chose another transfer.
          colorTransfer: (/name="colorTransfer"\r\n\r\n([^\r]*)/.exec(body)?.[1] ??
            'hybrid') as ColorTransfer,
          // As the server: on unless the form turned it off.
          referenceHeadroom: !/name="referenceHeadroom"\r\n\r\nfalse/.test(body),
        },
        createdAt: new Date().toISOString(),
      };
      rooms.set(room.id, room);
      return json(res, 201, { room });
    }
    const m = /^\/api\/rooms\/([^/]+)(\/.*)?$/.exec(path);
    const room = m ? rooms.get(decodeURIComponent(m[1]!)) : undefined;
    if (!room) return fail(res, 404, 'NOT_FOUND', 'No such room.');
    const rest = m?.[2] ?? '';
    if (rest === '') return json(res, 200, { room });
    if (rest === '/steps' && req.method === 'GET') return json(res, 200, { steps: [...steps].reverse() });
    if (rest === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hi\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (rest === '/steps' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as { direction: StepDto['direction']; prompt: string };
      const plan = planStep(room.canvas, body.direction);
      const step: StepDto = {
        id: id('s'),
        roomId: room.id,
        number: steps.length + 1,
        userId: user.id,
        direction: body.direction,
        prompt: body.prompt,
        status: 'running',
        error: null,
        tiles: plan.tiles.length,
        cost: plan.tiles.length,
        provider: 'mock',
        model: 'fake',
        createdAt: new Date().toISOString(),
        finishedAt: null,
        before: { ...room.canvas },
        after: null,
      };
      steps.push(step);
      json(res, 202, { step });
      emit('step.started', { step });
      setTimeout(
        () => emit('step.progress', { stepId: step.id, tile: 0, tiles: step.tiles, phase: 'generating' }),
        300,
      );
      setTimeout(() => {
        const after = { ...plan.after, version: room.canvas.version + 1 };
        Object.assign(step, { status: 'committed', after, finishedAt: new Date().toISOString() });
        room.canvas = after;
        emit('step.committed', { step, canvas: { ...after, cellPx: 512, levels: 1 } });
      }, 1200);
      return;
    }
    const tile = /^\/tiles\/(\d+)\/(-?\d+)\/(-?\d+)\.png$/.exec(rest);
    if (tile) {
      const shade = (Number(tile[2]) * 40 + Number(tile[3]) * 90) & 0xff;
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(solidPng(512, 512, [shade, 120, 255 - shade]));
    }
    if (rest === '/canvas.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(solidPng(room.canvas.width, room.canvas.height, [200, 120, 60]));
    }
    return fail(res, 404, 'NOT_FOUND', 'No such route.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
      }),
  };
}
