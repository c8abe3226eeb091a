import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { round } from './world.js';

/**
 * Pyramid tile GETs under load: a real API process (from source, embedded PGlite, fs blobs)
 * on 127.0.0.1, loaded by autocannon over loopback. Baseline: `/healthz` on the same server,
 * the cost of the HTTP stack with no database or blob work.
 */
export async function benchTileLoad(options: {
  connections: number;
  seconds: number;
  /** A PostgreSQL server instead of embedded PGlite; rows are then named "… (PostgreSQL)". */
  databaseUrl?: string;
}) {
  const dir = await mkdtemp(join(tmpdir(), 'exq-bench-api-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const main = fileURLToPath(new URL('../../../apps/api/src/main.ts', import.meta.url));
  const server = spawn(process.execPath, [tsx, main], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      PUBLIC_ORIGIN: origin,
      LOG_LEVEL: 'error',
      GENERATOR: 'mock',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await waitForHealthy(origin, server);
    const headers = { origin, 'content-type': 'application/json' };
    const registered = await fetch(`${origin}/api/auth/register`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        email: 'bench@example.test',
        password: 'a long bench password',
        displayName: 'Bench',
      }),
    });
    if (registered.status !== 201)
      throw new Error(`register: ${registered.status} ${await registered.text()}`);
    const cookie = (registered.headers.get('set-cookie') ?? '').split(';')[0]!;
    const form = new FormData();
    form.set('name', 'tile bench');
    const created = await fetch(`${origin}/api/rooms`, {
      method: 'POST',
      headers: { origin, cookie },
      body: form,
    });
    if (created.status !== 201) throw new Error(`create room: ${created.status} ${await created.text()}`);
    const { room } = (await created.json()) as { room: { id: string } };

    const canvas = await fetch(`${origin}/api/rooms/${room.id}/canvas`, { headers: { cookie } });
    if (canvas.status !== 200) throw new Error(`canvas: ${canvas.status} ${await canvas.text()}`);
    const { levels } = (await canvas.json()) as { levels: number };
    const top = levels - 1;
    const engine = options.databaseUrl ? ' (PostgreSQL)' : '';
    const baselineName = `GET /healthz (baseline)${engine}`;
    const targets = [
      { name: baselineName, path: '/healthz' },
      { name: `GET tile level 0${engine}`, path: `/api/rooms/${room.id}/tiles/0/0/0.png` },
      ...(top > 0
        ? [
            {
              name: `GET tile level ${top} (top)${engine}`,
              path: `/api/rooms/${room.id}/tiles/${top}/0/0.png`,
            },
          ]
        : []),
    ];
    const rows = [];
    for (const target of targets) {
      const probe = await fetch(`${origin}${target.path}`, { headers: { cookie } });
      if (probe.status !== 200) throw new Error(`${target.path}: ${probe.status}`);
      await probe.arrayBuffer();
      const result = await autocannon({
        url: `${origin}${target.path}`,
        connections: options.connections,
        duration: options.seconds,
        headers: { cookie },
      });
      rows.push({
        name: target.name,
        connections: options.connections,
        seconds: options.seconds,
        requests: result.requests.total,
        requestsPerSecond: round(result.requests.average, 0),
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        mbPerSecond: round(result.throughput.average / 1e6, 2),
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        ...(target.path === '/healthz'
          ? {}
          : {
              baseline: baselineName,
              ratioMetrics: ['requestsPerSecond', 'latencyP50Ms', 'latencyP99Ms'],
            }),
      });
    }
    return rows;
  } finally {
    await stop(server);
    await rm(dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHealthy(origin: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`API exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('API did not become healthy in 30 s');
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
