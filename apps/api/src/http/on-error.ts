import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode } from '../contract.js';
import { ApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';

/**
 * The one place errors become responses. ApiErrors are answers we meant; Hono's own
 * HTTPExceptions (malformed JSON, oversized body) are bad input; anything else is a fault:
 * logged with the request id, answered 500 "Internal error", never with a stack trace.
 */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return reply(c, error.status, error.code, error.message, error.issues);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return reply(c, error.status, codeForStatus(error.status), messageForStatus(error));
    }
    logger.error('request failed', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return reply(c, 500, 'INTERNAL', 'Internal error');
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) => reply(c, 404, 'NOT_FOUND', 'Not found');

function reply(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  issues?: unknown[],
) {
  const body: ErrorBody = { error: issues ? { code, message, issues } : { code, message } };
  return c.json(body, status);
}

function codeForStatus(status: number): ErrorCode {
  if (status === 413) return 'TOO_LARGE';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  return 'VALIDATION';
}

function messageForStatus(error: HTTPException): string {
  if (error.status === 413) return 'Request body too large';
  return error.message || 'Bad request';
}
