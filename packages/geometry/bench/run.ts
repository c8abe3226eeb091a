/**
 * Micro-benchmarks of the hot paths a step runs per tile. Results go to the repo-root
 * `bench/results/geometry.{json,md}`; nothing here asserts on time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  blendWeights,
  colorMatch,
  composite,
  downsample2x,
  knownMask,
  maskAlpha,
  type PixelBuffer,
  planStep,
  prefill,
  type Rect,
  tileLocalUnknown,
} from '../src/index.js';

interface Result {
  name: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  opsPerSec: number;
}

function measure(
  name: string,
  fn: () => unknown,
  iterations: number,
  warmup = Math.ceil(iterations / 5),
): Result {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    sink = fn();
    times.push(performance.now() - start);
  }
  if (sink === Symbol.for('never')) console.log(sink); // keep results observable so nothing is optimised away
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!;
  const result = {
    name,
    iterations,
    medianMs: round(median),
    p95Ms: round(p95),
    opsPerSec: round(1000 / median),
  };
  console.log(
    `${name.padEnd(44)} median ${result.medianMs} ms  p95 ${result.p95Ms} ms  ${result.opsPerSec} ops/s`,
  );
  return result;
}

function round(n: number): number {
  return Number(n.toPrecision(4));
}

function noise(width: number, height: number, channels: 3 | 4, seed: number): PixelBuffer {
  const data = new Uint8Array(width * height * channels);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height, channels };
}

const results: Result[] = [];
const canvases: Array<[string, Rect]> = [
  ['1024×1024', { x: 0, y: 0, width: 1024, height: 1024 }],
  ['3072×1024', { x: 0, y: 0, width: 3072, height: 1024 }],
  ['8192×8192', { x: -4096, y: -4096, width: 8192, height: 8192 }],
];
for (const [label, canvas] of canvases) {
  results.push(measure(`planStep ${label} up`, () => planStep(canvas, 'up'), 20_000));
}

const plan = planStep({ x: 0, y: 0, width: 1024, height: 1536 }, 'right');
const tile0 = plan.tiles[0]!;
const tile1 = plan.tiles[1]!;
for (const F of [0, 128, 512]) {
  results.push(measure(`blendWeights tile 0 F=${F}`, () => blendWeights(tile0, F), 60));
}
results.push(measure('blendWeights tile 1 (quarter) F=128', () => blendWeights(tile1, 128), 60));
results.push(measure('maskAlpha F=128', () => maskAlpha(tile0, 128), 60));
results.push(measure('knownMask', () => knownMask(tile0), 60));

const C = noise(1024, 1024, 3, 1);
const G = noise(1024, 1024, 3, 2);
const weights = blendWeights(tile0, 128);
results.push(measure('composite 1024² RGB F=128', () => composite(C, G, weights), 40));
results.push(
  measure('prefill smear 1024² RGB (right)', () => prefill(C, tileLocalUnknown(tile0), 'right'), 40),
);
const known = knownMask(tile0);
results.push(measure('colorMatch 1024² RGB', () => colorMatch(G, C, known), 40));
results.push(measure('downsample2x 1024² RGB → 512²', () => downsample2x(C), 40));
results.push(measure('downsample2x 1024² RGBA → 512²', () => downsample2x(noise(1024, 1024, 4, 3)), 20));

const environment = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  date: new Date().toISOString(),
};
const outDir = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(
  `${outDir}geometry.json`,
  `${JSON.stringify({ package: '@exquisite/geometry', environment, results }, null, 2)}\n`,
);
const table = results.map(
  (r) => `| ${r.name} | ${r.iterations} | ${r.medianMs} | ${r.p95Ms} | ${r.opsPerSec} |`,
);
writeFileSync(
  `${outDir}geometry.md`,
  [
    '# @exquisite/geometry benchmarks',
    '',
    `Node ${environment.node} · ${environment.cpu} · ${environment.cores} cores · ${environment.date}`,
    '',
    '| benchmark | iterations | median ms | p95 ms | ops/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...table,
    '',
    'The last row includes generating the RGBA input. Produced by `pnpm --filter @exquisite/geometry bench`.',
    '',
  ].join('\n'),
);
console.log(`wrote ${outDir}geometry.json and geometry.md`);
