import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchConcurrentRooms } from './concurrent-rooms.js';
import { benchStepOverhead } from './step-overhead.js';
import { benchTileLoad } from './tile-load.js';
import { machine, openBenchWorld } from './world.js';

/**
 * Operations benchmarks (`pnpm --filter @exquisite/cli bench`, or all with `pnpm bench`):
 * step overhead vs canvas size, concurrent rooms, pyramid tile GETs under load, 100-MP export.
 * Bounded: a few minutes on 2 cores. Results: bench/results/ops.json (+ the root report).
 */
const quick = process.env.EXQ_BENCH_QUICK === '1';

async function main() {
  const started = Date.now();
  const world = await openBenchWorld();
  let stepOverhead: unknown[];
  let concurrentRooms: unknown[];
  try {
    stepOverhead = await benchStepOverhead(world, quick ? [1024, 2048] : [1024, 4096, 8192], quick ? 2 : 3);
    log('step overhead', stepOverhead);
    concurrentRooms = await benchConcurrentRooms(world, quick ? 3 : 8, quick ? 1 : 3);
    log('concurrent rooms', concurrentRooms);
  } finally {
    await world.close();
  }
  const tileLoad = await benchTileLoad({ connections: 16, seconds: quick ? 2 : 8 });
  log('tile load', tileLoad);
  const exportRows = quick ? [] : [await export100mp()];
  log('export', exportRows);

  const result = {
    what: 'Operations benchmarks: step overhead vs canvas size, concurrent rooms, tile GETs under load, 100-MP export',
    at: new Date().toISOString(),
    machine: machine(),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    stepOverhead,
    concurrentRooms,
    tileLoad,
    export: exportRows,
  };
  // A quick run (smoke test) never overwrites the committed figures.
  const out = quick
    ? join(tmpdir(), 'exq-ops-quick.json')
    : fileURLToPath(new URL('./results/ops.json', import.meta.url));
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

/** In a child process, so its peak RSS is the export's alone. */
async function export100mp(): Promise<unknown> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const script = fileURLToPath(new URL('./export-100mp.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', tsx, script], {
    maxBuffer: 1 << 20,
  });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(line) as { result: unknown }).result;
}

function log(what: string, rows: unknown[]) {
  process.stdout.write(`${what}:\n${rows.map((row) => `  ${JSON.stringify(row)}`).join('\n')}\n`);
}

await main();
