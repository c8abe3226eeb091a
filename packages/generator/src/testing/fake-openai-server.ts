import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the OpenAI Images API on 127.0.0.1, for tests that drive the real `openai`
 * SDK. Each incoming request is parsed (multipart for edits, JSON for generations) and
 * recorded; a script decides the answer per request.
 */
export interface RecordedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Text fields of a multipart body, or the top-level scalars of a JSON body. */
  fields: Record<string, string>;
  files: Record<string, RecordedFile>;
  json: unknown;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. */
  body: unknown;
}

/** `'hang'` never answers (for timeout and abort tests). */
export type FakeScript = (
  request: RecordedRequest,
  index: number,
) => FakeReply | 'hang' | Promise<FakeReply | 'hang'>;

export interface FakeOpenAIServer {
  /** Pass as `baseURL` to the SDK / provider. */
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(script: FakeScript): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const recorded = await record(req);
      const index = requests.push(recorded) - 1;
      const reply = await script(recorded, index);
      if (reply === 'hang') return;
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    } catch (error) {
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server failure: ${String(error)}`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests keep sockets open; cut them so close() returns.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[key] = value;
    else if (Array.isArray(value)) headers[key] = value.join(', ');
  }
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    fields: {},
    files: {},
    json: undefined,
  };
  const type = headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // The web Request parser handles multipart exactly as a server framework would.
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') recorded.fields[key] = value;
      else
        recorded.files[key] = {
          name: value.name,
          type: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        };
    }
  } else if (type.startsWith('application/json')) {
    recorded.json = JSON.parse(raw.toString('utf8'));
    if (typeof recorded.json === 'object' && recorded.json !== null) {
      for (const [key, value] of Object.entries(recorded.json)) {
        if (typeof value === 'string' || typeof value === 'number') recorded.fields[key] = String(value);
      }
    }
  }
  return recorded;
}

/** A successful Images API answer carrying one base64 image. */
export function imageReply(
  b64: string,
  options: { usage?: unknown; requestId?: string; headers?: Record<string, string> } = {},
): FakeReply {
  return {
    status: 200,
    headers: { ...(options.requestId ? { 'x-request-id': options.requestId } : {}), ...options.headers },
    body: {
      created: 1_700_000_000,
      data: [{ b64_json: b64 }],
      ...(options.usage === undefined ? {} : { usage: options.usage }),
    },
  };
}

/** An OpenAI-shaped error answer. */
export function errorReply(
  status: number,
  error: { message: string; code?: string | null; type?: string; param?: string | null },
  headers: Record<string, string> = {},
): FakeReply {
  return {
    status,
    headers,
    body: { error: { code: null, type: 'invalid_request_error', param: null, ...error } },
  };
}
