import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { benchExport } from './export.js';
import { benchPngLevels } from './png-level.js';
import { benchStep } from './step.js';
import { benchStepFloor, stepFloorMarkdown } from './step-floor.js';
import { stepBenchMarkdown } from './step-report.js';

/**
 * `pnpm bench`: measures, prints and commits results. Never asserted in tests.
 * `BENCH=step` (or `step-floor`, `png-level`, `export`) runs one of them.
 */
const only = process.env.BENCH;
const packageResults = new URL('./results/', import.meta.url);
// The step bench is the pipeline's headline figure: it goes beside the other packages' at the root.
const rootResults = new URL('../../../bench/results/', import.meta.url);
await mkdir(packageResults, { recursive: true });
await mkdir(rootResults, { recursive: true });
const machine = () => ({
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
  // The V8 flags the server runs with matter to the figures (docs/decisions/0008); tsx's --require and --import are left out.
  nodeFlags: process.execArgv.filter((arg) => arg.startsWith('--') && !/^--(require|import)\b/.test(arg)),
});

for (const [name, run] of [
  ['png-level', benchPngLevels],
  ['export', benchExport],
] as const) {
  if (only !== undefined && only !== name) continue;
  const result = { ...(await run()), machine: machine(), at: new Date().toISOString() };
  console.log(name, JSON.stringify(result, null, 2));
  await writeFile(new URL(`${name}.json`, packageResults), `${JSON.stringify(result, null, 2)}\n`);
}

if (only === undefined || only === 'step') {
  // The embedded default and the production database, one after the other on the same machine.
  const runs: Record<string, Record<string, unknown>> = {};
  for (const engine of ['pglite', 'postgres'] as const) {
    const loadBefore = machine();
    runs[engine] = {
      ...(await benchStep({ engine })),
      machine: { ...loadBefore, loadAverageAfter1m: machine().loadAverage1m },
      at: new Date().toISOString(),
    };
  }
  console.log('step', JSON.stringify(runs, null, 2));
  await writeFile(new URL('pipeline-step.json', rootResults), `${JSON.stringify(runs, null, 2)}\n`);
  await writeFile(new URL('pipeline-step.md', rootResults), stepBenchMarkdown(Object.values(runs)));
}

if (only === undefined || only === 'step-floor') {
  const result = { ...(await benchStepFloor()), machine: machine(), at: new Date().toISOString() };
  console.log('step-floor', JSON.stringify(result, null, 2));
  await writeFile(new URL('pipeline-step-floor.json', rootResults), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(new URL('pipeline-step-floor.md', rootResults), stepFloorMarkdown(result));
}
