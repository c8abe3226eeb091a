// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStep } from '../test/fixtures.js';
import { ApiError } from './api-error.js';
import { createApiClient } from './client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on loopback whose answers each test scripts. */
let server: Server;
let baseUrl: string;
let handler: (req: Seen, res: ServerResponse) => void = (_req, res) => res.end();
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(record);
      handler(record, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('api client', () => {
  it('turns the contract error body into an ApiError with its code, status and message', async () => {
    handler = (_req, res) => json(res, 409, { error: { code: 'STALE_TURN', message: 'The turn moved on.' } });
    const client = createApiClient({ baseUrl });
    const error = await client.rooms.skipTurn('r-1', 'n-0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'STALE_TURN', status: 409, message: 'The turn moved on.' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/rooms/r-1/skip-turn' });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ turnNonce: 'n-0' });
  });

  it('keeps validation issues', async () => {
    handler = (_req, res) =>
      json(res, 400, { error: { code: 'VALIDATION', message: 'Bad input', issues: [{ path: 'email' }] } });
    const error = await createApiClient({ baseUrl })
      .auth.register({ email: 'x', password: 'y', displayName: 'z' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'email' }] });
  });

  it('reports a non-JSON error page by its status, not as a parse crash', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    const error = await createApiClient({ baseUrl })
      .rooms.list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('reports an unreachable server as NETWORK', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createApiClient({ baseUrl: `http://127.0.0.1:${port}` })
      .auth.me()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetwork).toBe(true);
    expect((error as ApiError).status).toBe(0);
  });

  it('sends the idempotency key and tells a replay (200) from a first acceptance (202)', async () => {
    const step = aStep();
    let status = 202;
    handler = (_req, res) => json(res, status, { step });
    const client = createApiClient({ baseUrl });
    const body = { direction: 'right' as const, prompt: 'a pier', turnNonce: 'n-1' };
    const first = await client.steps.submit('r-1', body, 'key-123');
    status = 200;
    const again = await client.steps.submit('r-1', body, 'key-123');
    expect(first).toEqual({ step, replayed: false });
    expect(again).toEqual({ step, replayed: true });
    const [a, b] = seen.slice(-2);
    expect(a?.headers['idempotency-key']).toBe('key-123');
    expect(b?.headers['idempotency-key']).toBe('key-123');
    expect(a?.headers['content-type']).toBe('application/json');
  });

  it('creates a room as multipart with only the fields given', async () => {
    handler = (_req, res) => json(res, 201, { room: { id: 'r-9' } });
    const client = createApiClient({ baseUrl });
    const image = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const room = await client.rooms.create({
      name: 'Dunes',
      image,
      mode: 'folded',
      direction: 'up',
      maxTurns: 6,
    });
    expect(room).toEqual({ id: 'r-9' });
    const request = seen.at(-1)!;
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toContain('name="name"\r\n\r\nDunes');
    expect(request.body).toContain('name="direction"\r\n\r\nup');
    expect(request.body).toContain('name="maxTurns"\r\n\r\n6');
    expect(request.body).toContain('name="image"; filename=');
    expect(request.body).not.toContain('name="prompt"');
    expect(request.body).not.toContain('name="referenceHeadroom"');
  });

  it('sends referenceHeadroom as the text false when a room turns headroom off', async () => {
    handler = (_req, res) => json(res, 201, { room: { id: 'r-10' } });
    await createApiClient({ baseUrl }).rooms.create({ name: 'Dunes', referenceHeadroom: false });
    expect(seen.at(-1)!.body).toContain('name="referenceHeadroom"\r\n\r\nfalse');
  });

  it('encodes path segments and query parameters', async () => {
    handler = (_req, res) => json(res, 200, { steps: [] });
    await createApiClient({ baseUrl }).steps.list('r/1', { before: 7, limit: 20 });
    expect(seen.at(-1)?.url).toBe('/api/rooms/r%2F1/steps?before=7&limit=20');
  });

  it('answers 204 with no body', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(createApiClient({ baseUrl }).auth.logout()).resolves.toBeUndefined();
  });
});
