import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freeLoopbackPort } from './free-port.js';

const run = promisify(execFile);

export interface PostgresServer {
  /** Superuser URL of the `postgres` database on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server for tests: Debian's binaries, a fresh data directory, a free
 * loopback port, fsync off (unless `durable`). The binaries refuse to run as root, so as root
 * they run as `postgres`.
 * Missing binaries are a loud failure, never a silently skipped suite.
 */
export async function startPostgresServer(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const binDir = await findPostgresBinaries();
  const dir = await mkdtemp(join(tmpdir(), 'exq-pg-'));
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch((cause) => {
      throw new Error('running as root but there is no `postgres` user to run the server as', { cause });
    });
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    owner = { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
    await chown(dir, owner.uid, owner.gid);
  }
  const exec = (bin: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(binDir, bin), ...args])
      : run(join(binDir, bin), args);

  const dataDir = join(dir, 'data');
  const port = await freeLoopbackPort();
  try {
    await exec('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const serverOptions = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      // Tests want speed; a benchmark of production behaviour asks for the durable defaults.
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      '-c max_connections=200',
    ].join(' ');
    await exec('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start']);
  } catch (cause) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`could not start a PostgreSQL test server from ${binDir}`, { cause });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function findPostgresBinaries(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) candidates.push(join('/usr/lib/postgresql', version, 'bin'));
  for (const dir of candidates) {
    const ok = await stat(join(dir, 'pg_ctl')).then(
      (s) => s.isFile(),
      () => false,
    );
    if (ok) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries not found (looked in PG_BIN_DIR and /usr/lib/postgresql/*/bin). ' +
      'Install them: apt-get install -y postgresql',
  );
}

/** A fresh, empty database on the server (one per test file), returned as a URL. */
export async function createTestDatabase(server: { url: string }): Promise<{ url: string; name: string }> {
  const name = `exq_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}
