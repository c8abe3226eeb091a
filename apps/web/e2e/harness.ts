import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const webRoot = fileURLToPath(new URL('../', import.meta.url));
export const resultsDir = join(webRoot, 'test-results');

/** A port nobody listens on right now (the OS picks it; loopback only). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export interface RunningApi {
  origin: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the real API server (which serves the built SPA on the same origin) with a fresh
 * embedded database in a temp dir, and waits for /readyz. Builds nothing: `pnpm build` first.
 */
export async function startApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const main = join(repoRoot, 'apps/api/dist/main.js');
  for (const [path, what] of [
    [main, 'the API'],
    [join(webRoot, 'dist/index.html'), 'the web client'],
  ] as const) {
    if (!existsSync(path))
      throw new Error(`${what} is not built (${path} missing): run \`pnpm build\` first`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'exq-e2e-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: join(repoRoot, 'apps/api'),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_ORIGIN: origin,
      GENERATOR_MOCK_FAILURES: '1',
      // A little latency so players can see "tile i of n" progress at all.
      GENERATOR_MOCK_LATENCY_MS: '400',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const exitCode = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 200))]);
    if (exitCode !== undefined) throw new Error(`API exited (${exitCode}) before ready:\n${log}`);
    const ready = await fetch(`${origin}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API not ready after 60 s:\n${log}`);
    }
  }

  return {
    origin,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One player's browser: headless Debian Chromium (never a downloaded one) with its own fresh
 * profile. Playwright refuses `--user-data-dir` in `args`; `launchPersistentContext` passes
 * the directory as exactly that flag, so each player gets a brand-new `--user-data-dir`.
 */
export async function launchPlayer(
  origin: string,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  await mkdir(resultsDir, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'exq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    baseURL: origin,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
