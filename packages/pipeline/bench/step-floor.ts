import * as nodeFs from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, createFsBlobStore, type FsOperations, migrate } from '@exquisite/store';
import { createPipeline } from '../src/service/create-pipeline.js';
import {
  benchOneStep,
  createBenchUser,
  createWideRoom,
  instantGenerator,
  median,
  type PhaseSample,
  phaseMedians,
  round,
} from './step.js';
import { nodeFlagsNote } from './step-report.js';

/**
 * How far below today's step the pipeline gets when the product's costliest guarantees are
 * switched off, measured on the same machine in one process: the product as it ships; the
 * `histogram` transfer instead of the default `hybrid`; colour matching off; colour matching
 * off with blobs written without fsync (a file store whose `sync` does nothing — never a
 * production setting: a crash could then lose a committed cell). Every variant still writes
 * the same PNGs, pyramid and artifacts and commits the same way. If the last is not under the
 * issue's 100 ms, no rearrangement of the transfer or of durability alone can get a step there.
 */
export async function benchStepFloor(
  options: { steps?: number; samples?: number } = {},
): Promise<Record<string, unknown>> {
  const steps = options.steps ?? 10;
  const samples = options.samples ?? 16;
  const root = await mkdtemp(join(tmpdir(), 'exq-bench-floor-'));
  const database = await createDatabase({});
  await migrate(database);
  const { db } = database;
  const variants: Array<{ name: string; settings?: Parameters<typeof createWideRoom>[3]; fsync: boolean }> = [
    { name: 'as shipped (hybrid transfer, headroom, fsync)', fsync: true },
    {
      name: 'histogram transfer',
      settings: { colorTransfer: 'histogram', referenceHeadroom: false },
      fsync: true,
    },
    { name: 'colour matching off', settings: { colorMatch: false, referenceHeadroom: false }, fsync: true },
    {
      name: 'colour matching off, no fsync',
      settings: { colorMatch: false, referenceHeadroom: false },
      fsync: false,
    },
  ];
  const pipelines: Array<ReturnType<typeof createPipeline>> = [];
  try {
    const userId = await createBenchUser(db, 'floor');
    const rooms = [];
    for (const [i, variant] of variants.entries()) {
      const blobs = createFsBlobStore({
        root: join(root, String(i)),
        ...(variant.fsync ? {} : { fs: withoutSync() }),
      });
      const pipeline = createPipeline({ db, blobs, generator: instantGenerator(), config: { tileCost: 0 } });
      pipelines.push(pipeline);
      const { roomId } = await createWideRoom(db, blobs, userId, variant.settings);
      for (let s = 0; s < steps; s++) await benchOneStep({ db, pipeline, userId, roomId });
      rooms.push({ variant, pipeline, roomId, measured: [] as PhaseSample[] });
    }
    // Round-robin, as the step bench does with sizes: the machine's load hits every variant alike.
    for (let s = 0; s < samples; s++)
      for (const room of rooms)
        room.measured.push(
          (await benchOneStep({ db, pipeline: room.pipeline, userId, roomId: room.roomId })).sample,
        );
    const cores = availableParallelism();
    const results = rooms.map(({ variant, measured }) => ({
      variant: variant.name,
      medianMs: round(median(measured.map((m) => m.wallMs))),
      // Perfect use of every core, no waiting on disk or locks: no step can be faster here.
      cpuBoundMs: round(median(measured.map((m) => m.cpuMs)) / cores),
      phasesMedianMs: phaseMedians(measured),
    }));
    return {
      what:
        `Step overhead (submit → committed, median of ${samples}) of a 1024-edge step at ${steps} steps, ` +
        'PGlite in memory, fs blobs, instant generator, with the costliest guarantees switched off one by one',
      cores,
      results,
    };
  } finally {
    for (const pipeline of pipelines) await pipeline.stop(1000);
    await database.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** File operations whose handles' `sync` does nothing: what a store without durability costs. */
function withoutSync(): FsOperations {
  return {
    ...nodeFs,
    open: (async (...args: Parameters<typeof nodeFs.open>) => {
      const handle = await nodeFs.open(...args);
      return Object.assign(Object.create(handle), { sync: async () => {}, close: () => handle.close() });
    }) as FsOperations['open'],
  };
}

/** The floor's Markdown summary, committed beside the step bench's. */
export function stepFloorMarkdown(result: Record<string, unknown>): string {
  const rows = result.results as Array<{
    variant: string;
    medianMs: number;
    cpuBoundMs: number;
    phasesMedianMs: Record<string, number>;
  }>;
  const phases = Object.keys(rows[0]?.phasesMedianMs ?? {}).filter((p) => p !== 'cpuMs');
  const machine = result.machine as Record<string, unknown>;
  return [
    '# @exquisite/pipeline — how low a step goes with the guarantees off',
    '',
    `Node ${machine.node}${nodeFlagsNote(machine)} · ${machine.cpu} · ${machine.cpus} cores · load average ${machine.loadAverage1m} · ${result.at}`,
    '',
    String(result.what),
    '',
    `| variant | median ms | CPU ms (all threads) | CPU ÷ ${String(result.cores)} cores | ${phases.join(' | ')} |`,
    `| --- | ---: | ---: | ---: | ${phases.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${r.variant} | ${r.medianMs} | ${r.phasesMedianMs.cpuMs} | ${r.cpuBoundMs} | ${phases.map((p) => r.phasesMedianMs[p]).join(' | ')} |`,
    ),
    '',
    `CPU ÷ cores: the process's CPU time during a step (PGlite included, it runs in this process) ` +
      'spread perfectly over every core, with no wait on disk or locks — the least wall time that ' +
      'step could take on this machine.',
    '',
    'Phases as in pipeline-step.md. How to read it: docs/pipeline.md, "Benchmark".',
    '',
  ].join('\n');
}
