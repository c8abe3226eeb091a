import { ApiError } from './api-error.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** A plain object is sent as JSON; FormData as multipart (the browser sets the boundary). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The answer of a successful call: its status matters for 202-vs-200 (a replayed step). */
export interface ApiResponse<T> {
  status: number;
  data: T;
}

function isErrorBody(
  value: unknown,
): value is { error: { code: string; message: string; issues?: unknown[] } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * One HTTP call against the API: same-origin cookies, JSON in and out, and every failure
 * turned into an {@link ApiError}. This is the only place that knows about `fetch`, so
 * switching to Hono's typed `hc` client later replaces this file, not its callers.
 */
export async function request<T>(
  fetchFn: FetchLike,
  url: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetchFn(url, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    throw new ApiError(
      'NETWORK',
      'The server could not be reached. Check your connection and try again.',
      0,
      {
        cause,
      },
    );
  }

  if (response.status === 204) return { status: 204, data: undefined as T };

  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch (cause) {
    throw new ApiError(
      response.ok ? 'BAD_RESPONSE' : 'HTTP_' + response.status,
      response.ok ? 'The server sent an unreadable answer.' : `The server answered ${response.status}.`,
      response.status,
      { cause },
    );
  }

  if (!response.ok) {
    if (isErrorBody(parsed)) {
      const issues = parsed.error.issues;
      throw new ApiError(
        parsed.error.code,
        parsed.error.message,
        response.status,
        issues ? { issues } : undefined,
      );
    }
    throw new ApiError('HTTP_' + response.status, `The server answered ${response.status}.`, response.status);
  }
  return { status: response.status, data: parsed as T };
}
