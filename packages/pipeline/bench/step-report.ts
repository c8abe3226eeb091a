/** Renders the step bench's JSON (one run per database engine) as the committed Markdown summary. */
export function stepBenchMarkdown(runs: Array<Record<string, unknown>>): string {
  const lines = ['# @exquisite/pipeline — step overhead', ''];
  for (const result of runs) lines.push(...runMarkdown(result));
  lines.push(
    'Phases (median ms): accept = the accept transaction; read/tiles/write from the step record',
    '(cells = cutting, hashing and caching the changed level-0 cells; pyramid = building their',
    'ancestors from pixels in memory; settle = waiting for every PNG encode and put — artifacts,',
    'cells, pyramid — to finish); commit = the rest of the wall time (commit transaction, scheduling);',
    'prepare/validate/composite are the tile’s own phases; cpu = CPU time of this process during the',
    'step, every thread counted (with PGlite all of the step’s work; the PostgreSQL server’s own CPU',
    'is not in it). How to read and reproduce: docs/pipeline.md.',
    '',
  );
  return lines.join('\n');
}

function runMarkdown(result: Record<string, unknown>): string[] {
  const machine = result.machine as Record<string, unknown>;
  const rows = result.results as Array<Record<string, unknown>>;
  const phases = Object.keys((rows[0]?.phasesMedianMs as Record<string, number>) ?? {});
  return [
    `## ${result.engine === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded default)'}`,
    '',
    `Node ${machine.node}${nodeFlagsNote(machine)} · ${machine.cpu} · ${machine.cpus} cores · load average ${machine.loadAverage1m} → ${machine.loadAverageAfter1m} · ${result.at}`,
    '',
    String(result.what),
    '',
    `Target: ${String(result.target)}.`,
    '',
    '| steps before | canvas | Mpx | median ms | p95 ms | naive median ms |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const naive = r.naive as { medianMs?: number; skipped?: string };
      return `| ${r.stepsBefore} | ${r.canvas} | ${r.canvasMegapixels} | ${r.medianMs} | ${r.p95Ms} | ${naive.medianMs ?? `skipped (${naive.skipped})`} |`;
    }),
    '',
    `| steps before | ${phases.join(' | ')} |`,
    `| ---: | ${phases.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${r.stepsBefore} | ${phases.map((p) => (r.phasesMedianMs as Record<string, number>)[p]).join(' | ')} |`,
    ),
    '',
    `Ratios: ${JSON.stringify(result.ratios)}`,
    '',
    ...floorMarkdown(result.encodeFloor as Record<string, unknown> | null | undefined),
  ];
}

function floorMarkdown(floor: Record<string, unknown> | null | undefined): string[] {
  if (!floor) return [];
  const all = floor.all as { wallMedianMs: number; cpuMedianMs: number };
  const reference = floor.referenceAlone as { wallMedianMs: number };
  const composited = floor.compositedAlone as { wallMedianMs: number };
  return [
    `Encode floor (${String(floor.what)}): ${floor.images} images, ${floor.rawMB} MB of pixels — ` +
      `${all.wallMedianMs} ms wall (${all.cpuMedianMs} ms CPU) all at once; alone, the reference ` +
      `${reference.wallMedianMs} ms and the composited tile ${composited.wallMedianMs} ms.`,
    '',
  ];
}

/** The V8 flags of the measuring process, as the figures depend on them (docs/decisions/0008). */
export function nodeFlagsNote(machine: Record<string, unknown>): string {
  const flags = (machine.nodeFlags as string[] | undefined) ?? [];
  return flags.length > 0 ? ` (${flags.join(' ')})` : '';
}
