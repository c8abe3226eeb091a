import type { createApp } from '../app.js';

type App = ReturnType<typeof createApp>;

export interface SendOptions {
  json?: unknown;
  body?: string | FormData | Uint8Array;
  headers?: Record<string, string>;
}

/**
 * A browser-like client over `app.request()`: keeps the session cookie it was given, sends JSON,
 * and returns the parsed body next to the raw response.
 */
export class TestClient {
  cookie: string | undefined;

  constructor(private readonly app: App) {}

  async send(method: string, path: string, options: SendOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie && headers.Cookie === undefined) headers.Cookie = this.cookie;
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await this.app.request(`http://localhost${path}`, { method, headers, body });
    const setCookie = res.headers.get('Set-Cookie');
    if (setCookie?.startsWith('exq_session=')) {
      const value = setCookie.split(';')[0] ?? '';
      this.cookie = value === 'exq_session=' ? undefined : value;
    }
    const type = res.headers.get('Content-Type') ?? '';
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
    const data: any = type.includes('application/json') ? await res.json() : undefined;
    return { status: res.status, data, res };
  }

  get(path: string, options?: SendOptions) {
    return this.send('GET', path, options);
  }
  post(path: string, json?: unknown, options: SendOptions = {}) {
    return this.send('POST', path, json === undefined ? options : { ...options, json });
  }
  delete(path: string, options?: SendOptions) {
    return this.send('DELETE', path, options);
  }
}
