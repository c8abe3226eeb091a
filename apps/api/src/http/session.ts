import { type Database, findSessionUser, setUserRole, type User } from '@exquisite/store';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { hashSessionToken, isWellFormedToken } from '../auth/session-token.js';
import type { AppConfig } from '../config.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { AppEnv } from './env.js';

export const SESSION_COOKIE = 'exq_session';

/**
 * Loads the signed-in user from the session cookie. A missing, malformed, unknown, expired or
 * revoked token all mean "anonymous"; routes that need a user ask `requireUser`.
 */
export function sessionLoader(database: Database, config: AppConfig) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('user', null);
    c.set('sessionId', null);
    const token = getCookie(c, SESSION_COOKIE);
    if (token !== undefined && isWellFormedToken(token)) {
      const found = await findSessionUser(database.db, hashSessionToken(token));
      if (found) {
        c.set('user', await reconcileRole(database, config, found.user));
        c.set('sessionId', found.session.id);
      }
    }
    await next();
  });
}

/**
 * EXQUISITE_ADMIN_EMAILS is the authority on who is admin: an account is promoted when its email is
 * listed and demoted when it is not, at registration and on every signed-in request.
 */
export async function reconcileRole(database: Database, config: AppConfig, user: User): Promise<User> {
  const role = roleFor(config, user.email);
  if (role === user.role) return user;
  return (await setUserRole(database.db, user.id, role)) ?? user;
}

export function roleFor(config: AppConfig, email: string): 'admin' | 'player' {
  return config.adminEmails.has(email.trim().toLowerCase()) ? 'admin' : 'player';
}

export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw unauthenticated();
  return user;
}

export function requireAdmin(c: Context<AppEnv>): User {
  const user = requireUser(c);
  if (user.role !== 'admin') throw forbidden('Administrators only');
  return user;
}

export function setSessionCookie(c: Context<AppEnv>, token: string, config: AppConfig): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: config.publicOrigin?.startsWith('https:') ?? false,
    maxAge: config.sessionTtlSeconds,
  });
}

export function clearSessionCookie(c: Context<AppEnv>, config: AppConfig): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: config.publicOrigin?.startsWith('https:') ?? false });
}

/** For routes that need a user before anything else is looked at (so anonymous is always 401). */
export const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  requireUser(c);
  await next();
});
