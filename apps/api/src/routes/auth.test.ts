import { createHash } from 'node:crypto';
import { schema } from '@exquisite/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password.js';
import { createHarness, type Harness } from '../testing/harness.js';

describe('auth routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { SIGNUP_CREDITS: '30' } });
  });
  afterAll(() => h.close());

  it('registers: 201, user with signup credits, session cookie with the contract attributes', async () => {
    const client = h.client();
    const res = await client.post('/api/auth/register', {
      email: 'Ada@Example.Test',
      password: 'long enough',
      displayName: '  Ada  ',
    });
    expect(res.status).toBe(201);
    expect(res.data.user).toEqual({
      id: expect.any(String),
      email: 'ada@example.test',
      displayName: 'Ada',
      role: 'player',
      credits: 30,
    });
    const cookie = res.res.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^exq_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${30 * 86_400}`);
    expect(cookie).not.toContain('Secure');

    // Only the SHA-256 of the token is stored; the password is an scrypt hash that verifies.
    const token = (client.cookie ?? '').split('=')[1] ?? '';
    const sessions = await h.database.db.select().from(schema.sessions);
    const hashes = sessions.map((s) => s.tokenHash);
    expect(hashes).toContain(createHash('sha256').update(token).digest('hex'));
    expect(hashes).not.toContain(token);
    const [row] = await h.database.db.select().from(schema.users);
    expect(row?.passwordHash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('long enough', row?.passwordHash ?? '')).toBe(true);

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.data.user.email).toBe('ada@example.test');
  });

  it('refuses a second account for the same email in any case: 409 EMAIL_TAKEN', async () => {
    await h.player('Bob').then(async ({ email }) => {
      const res = await h.client().post('/api/auth/register', {
        email: email.toUpperCase(),
        password: 'whatever123',
        displayName: 'Bob again',
      });
      expect(res.status).toBe(409);
      expect(res.data.error.code).toBe('EMAIL_TAKEN');
    });
  });

  it('signs in case-insensitively and answers 401 INVALID_CREDENTIALS for a wrong password or unknown email', async () => {
    const { email } = await h.player('Cleo');
    const wrong = await h.client().post('/api/auth/login', { email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.data.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await h
      .client()
      .post('/api/auth/login', { email: 'nobody@example.test', password: 'x'.repeat(9) });
    expect(unknown.status).toBe(401);
    expect(unknown.data.error.code).toBe('INVALID_CREDENTIALS');
    const client = h.client();
    const ok = await client.post('/api/auth/login', {
      email: email.toUpperCase(),
      password: 'correct horse',
    });
    expect(ok.status).toBe(200);
    expect(ok.data.user.email).toBe(email);
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });

  it('logout revokes the session server-side: the same cookie no longer works', async () => {
    const { client } = await h.player('Dan');
    const stolen = client.cookie;
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.res.headers.get('Set-Cookie')).toMatch(/exq_session=;.*Max-Age=0/);
    const replay = await h.client().get('/api/auth/me', { headers: { Cookie: stolen ?? '' } });
    expect(replay.status).toBe(401);
    expect(replay.data.error.code).toBe('UNAUTHENTICATED');
  });

  it('anonymous and forged cookies are unauthenticated', async () => {
    expect((await h.client().get('/api/auth/me')).data.error.code).toBe('UNAUTHENTICATED');
    for (const cookie of [
      'exq_session=',
      'exq_session=garbage',
      `exq_session=${'A'.repeat(43)}`,
      'exq_session=%00%ff',
    ]) {
      const res = await h.client().get('/api/auth/me', { headers: { Cookie: cookie } });
      expect(res.status, cookie).toBe(401);
    }
  });

  it('throttles failed sign-ins per email and address: 429 RATE_LIMITED with Retry-After, even for the right password', async () => {
    const { email } = await h.player('Eve');
    for (let i = 0; i < h.config.loginMaxFailures; i++) {
      const res = await h.client().post('/api/auth/login', { email, password: `wrong-${i}-xx` });
      expect(res.status).toBe(401);
    }
    const locked = await h.client().post('/api/auth/login', { email, password: 'correct horse' });
    expect(locked.status).toBe(429);
    expect(locked.data.error.code).toBe('RATE_LIMITED');
    expect(Number(locked.res.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await h.player('Fay');
    const fine = await h.client().post('/api/auth/login', { email: other.email, password: 'correct horse' });
    expect(fine.status).toBe(200);
  });

  it('keeps the admin role in sync with EXQUISITE_ADMIN_EMAILS at registration and on every request', async () => {
    const admin = await h.player('Gil', { admin: true });
    expect((await admin.client.get('/api/auth/me')).data.user.role).toBe('admin');
    (h.config.adminEmails as Set<string>).delete(admin.email);
    expect((await admin.client.get('/api/auth/me')).data.user.role).toBe('player');
    const player = await h.player('Hal');
    expect((await player.client.get('/api/auth/me')).data.user.role).toBe('player');
    (h.config.adminEmails as Set<string>).add(player.email);
    expect((await player.client.get('/api/auth/me')).data.user.role).toBe('admin');
    const login = await h
      .client()
      .post('/api/auth/login', { email: player.email, password: 'correct horse' });
    expect(login.data.user.role).toBe('admin');
  });
});

describe('auth behind an https public origin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { PUBLIC_ORIGIN: 'https://exquisite.example' } });
  });
  afterAll(() => h.close());

  it('marks the cookie Secure', async () => {
    const res = await h
      .client()
      .post('/api/auth/register', { email: 'sec@example.test', password: 'long enough', displayName: 'S' });
    expect(res.status).toBe(201);
    expect(res.res.headers.get('Set-Cookie')).toContain('Secure');
  });
});
