import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from './contract.js';

/**
 * An answer the API means to give: a contract error code, a status and a human message. Thrown from
 * handlers and middleware and turned into `{ error: { code, message, issues? } }` by the one `onError`.
 */
export class ApiError extends HTTPException {
  override readonly name = 'ApiError';
  readonly code: ErrorCode;
  readonly issues: unknown[] | undefined;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; issues?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(status, { message, cause: options.cause });
    this.code = code;
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }
}

// The common refusals, named so handlers read as the contract does.
export const notFound = (what = 'Resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Sign in first');
export const forbidden = (message = 'Not allowed') => new ApiError(403, 'FORBIDDEN', message);
export const validation = (message: string, issues?: unknown[]) =>
  new ApiError(400, 'VALIDATION', message, issues ? { issues } : {});
export const tooLarge = (message = 'Request body too large') => new ApiError(413, 'TOO_LARGE', message);
