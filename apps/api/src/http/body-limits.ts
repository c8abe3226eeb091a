import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { tooLarge } from '../errors.js';
import type { AppEnv } from './env.js';

export const JSON_LIMIT_BYTES = 16 * 1024;
export const IMAGE_LIMIT_BYTES = 10 * 1024 * 1024;
/** Room creation is multipart: the image plus a few short text fields and part headers. */
export const UPLOAD_LIMIT_BYTES = IMAGE_LIMIT_BYTES + 64 * 1024;

const json = bodyLimit({
  maxSize: JSON_LIMIT_BYTES,
  onError: () => {
    throw tooLarge(`Request body exceeds ${JSON_LIMIT_BYTES} bytes`);
  },
});
const upload = bodyLimit({
  maxSize: UPLOAD_LIMIT_BYTES,
  onError: () => {
    throw tooLarge(`Upload exceeds ${IMAGE_LIMIT_BYTES} bytes`);
  },
});

/** Every body is small JSON except the room-creation upload. */
export const bodyLimits = createMiddleware<AppEnv>((c, next) => {
  const isUpload = c.req.method === 'POST' && c.req.path.replace(/\/+$/, '') === '/api/rooms';
  return (isUpload ? upload : json)(c, next);
});
