import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startPostgresServer } from '@exquisite/store/testing';
import { benchTileLoad } from './tile-load.js';

/**
 * Tile GETs under load on their own (`pnpm --filter @exquisite/cli exec tsx bench/tile-load-run.ts`):
 * the tile-load part of `bench/run.ts`, without the minutes of step benchmarks before it, then
 * the same against a throwaway PostgreSQL server (the store's test server).
 * Results: bench/results/tile-load.json, next to the figures of the previous recorded run
 * (`ops.json`, the whole operations bench) so the report shows before and after.
 */
async function main() {
  const opsFile = fileURLToPath(new URL('./results/ops.json', import.meta.url));
  const ops = JSON.parse(await readFile(opsFile, 'utf8')) as {
    at: string;
    tileLoad: Array<Record<string, unknown>>;
  };
  const before = ops.tileLoad.map((row) => ({
    ...row,
    name: `before (ops.json ${ops.at}): ${String(row.name)}`,
    baseline: typeof row.baseline === 'string' ? `before (ops.json ${ops.at}): ${row.baseline}` : undefined,
  }));
  const after = await benchTileLoad({ connections: 16, seconds: 8 });
  // The same on a PostgreSQL server (the production engine): queries leave the event loop.
  const server = await startPostgresServer();
  let onPostgres: unknown[];
  try {
    const { url } = await createTestDatabase(server);
    onPostgres = await benchTileLoad({ connections: 16, seconds: 8, databaseUrl: url });
  } finally {
    await server.stop();
  }
  const result = {
    what: 'Tile GETs under load (16 connections over loopback, API from source on embedded PGlite, fs blobs): before and after the one-query read path and the immutable tile caches',
    at: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    },
    tileLoad: [...before, ...after, ...onPostgres],
  };
  const out = fileURLToPath(new URL('./results/tile-load.json', import.meta.url));
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify([...after, ...onPostgres], null, 2)}\nwrote ${out}\n`);
}

await main();
