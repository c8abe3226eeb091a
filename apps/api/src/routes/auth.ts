import { createSession, createUser, findUserByEmail, revokeSession } from '@exquisite/store';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { createLoginThrottle } from '../auth/login-throttle.js';
import { decoyHash, hashPassword, verifyPassword } from '../auth/password.js';
import { hashSessionToken, isWellFormedToken, newSessionToken } from '../auth/session-token.js';
import type { AppDeps } from '../deps.js';
import { toUserDto } from '../dto/mappers.js';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { loginBody, registerBody } from '../http/schemas.js';
import {
  clearSessionCookie,
  reconcileRole,
  requireUser,
  roleFor,
  SESSION_COOKIE,
  setSessionCookie,
} from '../http/session.js';
import { validate } from '../http/validate.js';

export function authRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const throttle =
    deps.loginThrottle ??
    createLoginThrottle({ maxFailures: config.loginMaxFailures, windowSeconds: config.loginWindowSeconds });

  const startSession = async (c: Context<AppEnv>, userId: string) => {
    const token = newSessionToken();
    const expiresAt = new Date(clock().getTime() + config.sessionTtlSeconds * 1000);
    await createSession(db.db, { userId, tokenHash: hashSessionToken(token), expiresAt });
    setSessionCookie(c, token, config);
  };

  return new Hono<AppEnv>()
    .post('/register', validate('json', registerBody), async (c) => {
      const body = c.req.valid('json');
      const created = await createUser(db.db, {
        email: body.email,
        displayName: body.displayName,
        passwordHash: await hashPassword(body.password, config.passwordLogN),
        role: roleFor(config, body.email),
        signupCredits: config.signupCredits,
      });
      if (!created.ok) throw new ApiError(409, 'EMAIL_TAKEN', 'An account with this email already exists');
      await startSession(c, created.user.id);
      return c.json({ user: toUserDto(created.user) }, 201);
    })
    .post('/login', validate('json', loginBody), async (c) => {
      const { email, password } = c.req.valid('json');
      const key = `${email}|${clientAddress(c)}`;
      const wait = await throttle.retryAfter(key);
      if (wait !== null) {
        throw new ApiError(429, 'RATE_LIMITED', 'Too many failed sign-in attempts; try again later', {
          headers: { 'Retry-After': String(wait) },
        });
      }
      const account = await findUserByEmail(db.db, email);
      // An unknown email costs the same hashing work as a wrong password: timing reveals nothing.
      const valid = await verifyPassword(
        password,
        account?.passwordHash ?? (await decoyHash(config.passwordLogN)),
      );
      if (!account || !valid) {
        await throttle.recordFailure(key);
        throw new ApiError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong');
      }
      await throttle.reset(key);
      const { passwordHash: _hash, ...user } = account;
      const current = await reconcileRole(db, config, user);
      await startSession(c, current.id);
      return c.json({ user: toUserDto(current) }, 200);
    })
    .post('/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token !== undefined && isWellFormedToken(token))
        await revokeSession(db.db, hashSessionToken(token));
      clearSessionCookie(c, config);
      return c.body(null, 204);
    })
    .get('/me', (c) => c.json({ user: toUserDto(requireUser(c)) }, 200));
}

/** The peer address; behind a proxy every client shares it, which only makes throttling stricter. */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
