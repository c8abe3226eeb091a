import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { GeneratorError, type GeneratorErrorCode, SAFETY_REFUSAL_MESSAGE } from '../errors.js';

/** How the retry loop should treat one failed call. */
export type OpenAIFailure =
  | { kind: 'aborted' }
  | { kind: 'retryable'; error: GeneratorError; retryAfterMs: number | null }
  | { kind: 'final'; error: GeneratorError };

const SAFETY_CODES = new Set(['moderation_blocked', 'content_policy_violation']);
const SAFETY_MESSAGE_PATTERN = /safety system|moderation|content policy|content_policy/i;

/**
 * Maps whatever the SDK threw onto the taxonomy. Only transient failures (timeouts,
 * connection errors, 408/409/429/5xx) are worth another paid call.
 */
export function classifyOpenAIError(error: unknown): OpenAIFailure {
  if (error instanceof GeneratorError) return { kind: 'final', error };
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionError) {
    // Includes APIConnectionTimeoutError: the attempt's own timeout fired.
    return { kind: 'retryable', error: wrap('GENERATOR_TRANSIENT', error), retryAfterMs: null };
  }
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 400 && isSafetyRefusal(error)) {
      return { kind: 'final', error: wrap('SAFETY_REFUSAL', error, SAFETY_REFUSAL_MESSAGE) };
    }
    if (status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)) {
      return {
        kind: 'retryable',
        error: wrap('GENERATOR_TRANSIENT', error),
        retryAfterMs: parseRetryAfter(error.headers),
      };
    }
    return { kind: 'final', error: wrap('GENERATOR_PERMANENT', error) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'final',
    error: new GeneratorError('GENERATOR_PERMANENT', `The image request failed: ${message}`, {
      cause: error,
    }),
  };
}

function isSafetyRefusal(error: APIError): boolean {
  if (error.code != null && SAFETY_CODES.has(error.code)) return true;
  if (error.type !== undefined && SAFETY_CODES.has(error.type)) return true;
  return SAFETY_MESSAGE_PATTERN.test(error.message);
}

function wrap(code: GeneratorErrorCode, error: APIError, message?: string): GeneratorError {
  const status = error.status;
  const detail = status === undefined ? error.message : `HTTP ${status}: ${error.message}`;
  return new GeneratorError(code, message ?? `The OpenAI image request failed (${detail})`, {
    cause: error,
    requestId: error.requestID ?? requestIdFromBody(error.error),
    ...(status === undefined ? {} : { status }),
  });
}

/** Some error bodies carry the id inside the JSON (`error.request_id`) rather than a header. */
function requestIdFromBody(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'request_id' in body) {
    const id = (body as { request_id: unknown }).request_id;
    if (typeof id === 'string') return id;
  }
  return null;
}

/**
 * `retry-after-ms` (OpenAI's precise header) wins over `retry-after` (seconds or an HTTP
 * date). Returns null when absent or unparseable; the caller caps the value.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | null {
  if (headers === undefined) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null) return null;
  const seconds = Number(after);
  if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return null;
}
