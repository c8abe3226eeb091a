import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { benchExport } from './export.js';
import { benchPngLevels } from './png-level.js';

/** `pnpm bench`: measures, prints and commits results under bench/results/. Never asserted in tests. */
const results = new URL('./results/', import.meta.url);
await mkdir(results, { recursive: true });
const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };

for (const [name, run] of [
  ['png-level', benchPngLevels],
  ['export', benchExport],
] as const) {
  const result = { ...(await run()), machine, at: new Date().toISOString() };
  console.log(name, JSON.stringify(result, null, 2));
  await writeFile(new URL(`${name}.json`, results), `${JSON.stringify(result, null, 2)}\n`);
}
