/**
 * How long the mock provider and the shared output validator take per 1024² tile. The
 * mock must stay fast (< ~150 ms per tile) so offline play and the test suites feel live.
 * Results go to `bench/results/mock.{json,md}` in this package; nothing asserts on time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MockImageProvider, validateOutputImage } from '../src/index.js';
import { tileFixture } from '../src/testing/index.js';

interface Result {
  name: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
}

async function measure(name: string, fn: () => Promise<unknown>, iterations: number): Promise<Result> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const result = {
    name,
    iterations,
    medianMs: round(times[Math.floor(times.length / 2)]!),
    p95Ms: round(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!),
  };
  console.log(`${name.padEnd(40)} median ${result.medianMs} ms  p95 ${result.p95Ms} ms`);
  return result;
}

function round(n: number): number {
  return Number(n.toPrecision(4));
}

const { reference, mask } = await tileFixture(384);
const mock = new MockImageProvider();
const drifting = new MockImageProvider({ drift: 0.25 });
let prompt = 0;
const edited = await mock.edit({ image: reference, mask, prompt: 'bench' });

const results = [
  await measure(
    'mock.edit (half tile editable)',
    () => mock.edit({ image: reference, mask, prompt: `p${prompt++}` }),
    20,
  ),
  await measure(
    'mock.edit with drift 0.25',
    () => drifting.edit({ image: reference, mask, prompt: `d${prompt++}` }),
    20,
  ),
  await measure('mock.create', () => mock.create({ prompt: `c${prompt++}` }), 20),
  await measure('validateOutputImage (1024² PNG)', () => validateOutputImage(edited.image), 20),
];

const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  // A shared machine's load inflates every figure; recorded so results can be read fairly.
  loadAverage1m: round(loadavg()[0] ?? 0),
};
writeFileSync(
  `${dir}mock.json`,
  `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
writeFileSync(
  `${dir}mock.md`,
  [
    '# @exquisite/generator — mock provider bench',
    '',
    `Node ${machine.node}, ${machine.cores} × ${machine.cpu}, load average ${machine.loadAverage1m} while running. Run with \`pnpm --filter @exquisite/generator bench\`.`,
    '',
    '| case | iterations | median ms | p95 ms |',
    '| --- | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.iterations} | ${r.medianMs} | ${r.p95Ms} |`),
    '',
  ].join('\n'),
);
