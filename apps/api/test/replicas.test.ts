import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@exquisite/store/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sseReader } from '../src/testing/sse.js';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

interface Replica {
  url: string;
  child: ChildProcess;
}

/** One API process (`tsx src/main.ts`) on a free loopback port; resolves once it is listening. */
async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`replica exited (${code}) before listening:\n${output}`)));
  });
  return { url, child };
}

/** A cookie-keeping fetch client for one replica (cookies are valid on every replica: sessions are in Postgres). */
function clientFor(base: () => string) {
  let cookie = '';
  const send = async (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: {
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
        Cookie: cookie,
        ...headers,
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const set = res.headers.get('Set-Cookie');
    if (set?.startsWith('exq_session=')) cookie = set.split(';')[0] ?? '';
    const type = res.headers.get('Content-Type') ?? '';
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    const data: any = type.includes('json') ? await res.json() : undefined;
    return { status: res.status, data };
  };
  return { send, cookie: () => cookie, setCookie: (value: string) => (cookie = value) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('two replicas on one Postgres', () => {
  let dataDir = '';
  let one: Replica;
  let two: Replica;

  beforeAll(async () => {
    const { url } = await createTestDatabase({ url: inject('exqPostgresUrl') });
    dataDir = await mkdtemp(join(tmpdir(), 'exq-replicas-'));
    // Slow generation and a short lease, so a step can be caught mid-flight and its lease lapse quickly.
    const env = {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      GENERATOR_MOCK_LATENCY_MS: '1500',
      STEP_LEASE_SECONDS: '2',
    };
    one = await startReplica(env);
    two = await startReplica(env);
  }, 120_000);

  afterAll(async () => {
    for (const replica of [one, two]) replica?.child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('plays across replicas: one submission per turn, events cross over, a killed replica is recovered', async () => {
    const owner = clientFor(() => one.url);
    const guestOnTwo = clientFor(() => two.url);
    expect(
      (
        await owner.send('POST', '/api/auth/register', {
          email: 'o@x.test',
          password: 'long enough',
          displayName: 'O',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await guestOnTwo.send('POST', '/api/auth/register', {
          email: 'g@x.test',
          password: 'long enough',
          displayName: 'G',
        })
      ).status,
    ).toBe(201);

    const form = new FormData();
    form.append('name', 'Shared');
    const created = await fetch(`${one.url}/api/rooms`, {
      method: 'POST',
      headers: { Cookie: owner.cookie() },
      body: form,
    });
    expect(created.status).toBe(201);
    const room = (
      (await created.json()) as { room: { id: string; inviteCode: string; turn: { nonce: string } } }
    ).room;
    expect((await guestOnTwo.send('POST', '/api/rooms/join', { inviteCode: room.inviteCode })).status).toBe(
      200,
    );

    // A member's live stream on replica two.
    const events = sseReader(
      await fetch(`${two.url}/api/rooms/${room.id}/events`, { headers: { Cookie: guestOnTwo.cookie() } }),
      30_000,
    );

    // The owner submits the same turn through both replicas at once: exactly one is accepted.
    const ownerOnTwo = clientFor(() => two.url);
    ownerOnTwo.setCookie(owner.cookie());
    const body = { direction: 'right', prompt: 'two doors', turnNonce: room.turn.nonce };
    const results = await Promise.all([
      owner.send('POST', `/api/rooms/${room.id}/steps`, body, { 'Idempotency-Key': crypto.randomUUID() }),
      ownerOnTwo.send('POST', `/api/rooms/${room.id}/steps`, body, {
        'Idempotency-Key': crypto.randomUUID(),
      }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409]);
    expect(results.find((r) => r.status === 409)?.data.error.code).toBe('ROOM_BUSY');

    // Whichever replica ran it, the client on replica two sees it commit.
    const seen = await events.until('step.committed');
    expect(seen.some((e) => e.event === 'step.started')).toBe(true);
    await events.close();

    // The guest's turn, on replica one this time; replica one is killed mid-step.
    const guestOnOne = clientFor(() => one.url);
    guestOnOne.setCookie(guestOnTwo.cookie());
    const current = await guestOnTwo.send('GET', `/api/rooms/${room.id}`);
    const balanceBefore = (await guestOnTwo.send('GET', '/api/me/credits')).data.balance;
    const doomed = await guestOnOne.send(
      'POST',
      `/api/rooms/${room.id}/steps`,
      { direction: 'down', prompt: 'lost', turnNonce: current.data.room.turn.nonce },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(doomed.status).toBe(202);
    one.child.kill('SIGKILL');

    // Replica two notices the lapsed lease, aborts and refunds the step; the room plays on.
    const aborted = await until('lease recovery', async () => {
      const res = await guestOnTwo.send('GET', `/api/steps/${doomed.data.step.id}`);
      return res.data.step.status === 'running' ? undefined : res.data.step;
    });
    expect(aborted.status).toBe('aborted');
    expect(aborted.error.code).toBe('LEASE_EXPIRED');
    expect((await guestOnTwo.send('GET', '/api/me/credits')).data.balance).toBe(balanceBefore);
    const again = await guestOnTwo.send(
      'POST',
      `/api/rooms/${room.id}/steps`,
      { direction: 'down', prompt: 'found', turnNonce: current.data.room.turn.nonce },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(again.status).toBe(202);
    const done = await until('the retry to commit', async () => {
      const res = await guestOnTwo.send('GET', `/api/steps/${again.data.step.id}`);
      return res.data.step.status === 'running' ? undefined : res.data.step;
    });
    expect(done.status).toBe('committed');
  }, 120_000);
});
