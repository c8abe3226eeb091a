import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { createPixelBuffer, crop, type PixelBuffer, paste } from '@exquisite/geometry';
import sharp from 'sharp';
import { type ChainResult, type ColourFigures, CROP_PX, type Method } from './chain.js';
import { type CompoundingFigures, compoundingReport } from './compounding.js';
import { type ChainJob, type ChainJobResult, jobKey } from './jobs.js';
import { CANDIDATES, METHODS, methodById, PHOTOS, STEPS, STEPS_NO_DRIFT, seedFor } from './methods.js';
import { DRIFT_LEVELS, type DriftLevel } from './oracle.js';
import { ensurePhotos, groundTruth, listPhotos } from './photos.js';
import { runJobs } from './pool.js';

/**
 * The seams benchmark (docs/seams.md): every method × drift level × matrix photograph runs a
 * chain of steps to the right through the production tile runner against the drifting
 * oracle (seam and colour figures, contact sheet), and the candidate transfers run the same
 * chains on every nature photograph (the issue's compounding ratio, averaged over them).
 * Figures go to bench/results/seams.md, seams.png and seams-photos.json.
 * `SEAMS_WORKERS` sets the number of worker processes (default: the cores, at most 2).
 */

interface Row {
  level: DriftLevel;
  method: Method;
  /** Per photo. */
  chains: ChainResult[];
  /** Per photo: colour errors of one step alone at the last step's place (same drift draw); null with no drift. */
  singles: Array<ColourFigures | null>;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number, d = 2) => x.toFixed(d);

export async function benchSeams(): Promise<{
  markdown: string;
  sheet: Uint8Array;
  photos: CompoundingFigures[];
  seconds: number;
}> {
  ensurePhotos();
  const started = performance.now();
  const allPhotos = listPhotos();
  const jobs = new Map<string, ChainJob>();
  const add = (level: DriftLevel, methodId: string, photo: string, cropSteps: number[] = []) => {
    const steps = level === 'none' ? STEPS_NO_DRIFT : STEPS;
    // With no drift there is nothing to divide out: one-step runs only where there is drift.
    const job = {
      photo,
      methodId,
      level,
      steps,
      seed: seedFor(photo, allPhotos),
      cropSteps,
      single: level !== 'none',
    };
    jobs.set(jobKey(level, methodId, photo), job);
  };
  for (const level of DRIFT_LEVELS)
    for (const method of METHODS)
      for (const [i, photo] of PHOTOS.entries()) add(level, method.id, photo, i === 0 ? [1, STEPS] : []);
  // The candidates on every photograph; the matrix photographs' runs are the same jobs (same key, same seed).
  for (const level of DRIFT_LEVELS)
    for (const { id, noDrift } of CANDIDATES)
      if (level !== 'none' || noDrift)
        for (const photo of allPhotos) if (!jobs.has(jobKey(level, id, photo))) add(level, id, photo);
  const workers = Number(process.env.SEAMS_WORKERS ?? Math.min(2, cpus().length));
  console.log(`seams: ${jobs.size} chains on ${workers} worker(s), ${allPhotos.length} photographs`);
  const results = await runJobs([...jobs.values()], workers, (job, r) => {
    console.log(
      `${job.level} ${job.methodId} ${job.photo}: seam ${r.steps.map((s) => fmt(s.seam)).join(' ')} | strip ${r.steps
        .map((s) => fmt(s.strip))
        .join(' ')} | zone ${r.steps.map((s) => fmt(s.colour)).join(' ')} | one step at ${job.steps}: ${
        r.single === null ? '—' : `${fmt(r.single.strip)} (zone ${fmt(r.single.colour)})`
      } (${fmt(r.seconds, 1)} s)`,
    );
  });
  const get = (level: DriftLevel, methodId: string, photo: string): ChainJobResult => {
    const r = results.get(jobKey(level, methodId, photo));
    if (!r) throw new Error(`seams: missing result ${jobKey(level, methodId, photo)}`);
    return r;
  };
  const rows: Row[] = [];
  for (const level of DRIFT_LEVELS) {
    for (const method of METHODS) {
      const runs = PHOTOS.map((photo) => get(level, method.id, photo));
      rows.push({
        level,
        method,
        chains: runs.map((r) => ({ steps: r.steps, crops: new Map(r.crops) })),
        singles: runs.map((r) => r.single),
      });
    }
  }
  const photos: CompoundingFigures[] = [];
  for (const level of DRIFT_LEVELS)
    for (const { id, noDrift } of CANDIDATES)
      if (level !== 'none' || noDrift)
        for (const photo of allPhotos) {
          const r = get(level, id, photo);
          photos.push({
            level,
            methodId: id,
            photo,
            seed: seedFor(photo, allPhotos),
            steps: r.steps,
            single: r.single,
          });
        }
  const seconds = (performance.now() - started) / 1000;
  const truth = await groundTruth(PHOTOS[0]!, STEPS);
  const markdown = [
    report(rows, seconds, workers),
    compoundingReport(photos, allPhotos, (id) => methodById(id).label),
    'Contact sheet: `seams.png` (320² crops centred on the frontier, first photograph; columns: truth, then the methods in table order; rows: mild step 1, strong step 1, strong step 10).',
    '',
  ].join('\n');
  return { markdown, sheet: await contactSheet(rows, truth), photos, seconds };
}

function report(rows: Row[], seconds: number, workers: number): string {
  const lines: string[] = [];
  lines.push('# Seam continuity benchmark');
  lines.push('');
  lines.push(
    `Generated by \`pnpm --filter @exquisite/pipeline bench\` (bench/seams/) on ${new Date().toISOString()}; ` +
      `node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown'}, load ${loadavg()
        .map((l) => l.toFixed(2))

        .join(
          ' ',
        )}, ${fmt(seconds, 0)} s on ${workers} worker process(es). How it works and what the figures mean: docs/seams.md.`,
  );
  lines.push('');
  lines.push(
    `Photographs (Debian mate-backgrounds, scaled to 1024 px high, mirror-extended): ${PHOTOS.join(', ')}. ` +
      `Chains of ${STEPS} steps to the right (${STEPS_NO_DRIFT} with no drift), 1024² tiles, feather 128 unless noted, prefill smear. ` +
      'Figures are means over the photographs (the candidates over every nature photograph: last section).',
  );
  lines.push('');
  lines.push(
    "- **seam₁**: seam visibility at the first step's frontier (ΔE of the excess cross-seam colour step, worst line of the zone; 0 = steps like the photograph).",
  );
  lines.push("- **seam₁ vs hard**: seam₁ as a share of hard paste's at the same drift level.");
  lines.push('- **seam̄**: seam visibility averaged over all steps of the chain.');
  lines.push(
    '- **colour₁ / colour₁₀**: colour error (CIELAB ΔE of 16² block means against the truth) of the changed zone of step 1 / step 10: 128 px of old canvas (the widest feather) plus the new 512-px strip.',
  );
  lines.push('- **strip₁ / strip₁₀**: the same error over the new strip alone.');
  lines.push(
    '- **compounding**: strip₁₀ / strip₁, the issue\'s "colour error of the newest strip relative to the first" (target ≤ 1.2); **zone₁₀ / zone₁**: colour₁₀ / colour₁, the same over the changed zone, whose old-canvas part is the photograph itself at step 1 and the previous step\'s strip later (docs/seams.md, "Measured on the strip").',
  );
  lines.push(
    "- **one-step₁₀**: strip error of a single step run from the true canvas at step 10's place, with the drift step 10 drew; **chained / one-step**: strip₁₀ / one-step₁₀, the compounding with the content's own difficulty divided out (strip₁₀ / strip₁ compares two different places of the photograph).",
  );
  lines.push('');
  for (const level of DRIFT_LEVELS) {
    const hard = rows.find((r) => r.level === level && r.method.id === 'hard')!;
    const hardSeam = mean(hard.chains.map((c) => c.steps[0]!.seam));
    lines.push(`## Drift: ${level}`);
    lines.push('');
    const last = level === 'none' ? STEPS_NO_DRIFT : STEPS;
    lines.push(
      `| method | seam₁ | seam₁ vs hard | seam̄ | colour₁ | colour${sub(last)} | strip₁ | strip${sub(last)} | compounding | one-step${sub(last)} | chained / one-step | zone${sub(last)} / zone₁ |`,
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows.filter((r) => r.level === level)) {
      const seam1 = mean(row.chains.map((c) => c.steps[0]!.seam));
      const seamAll = mean(row.chains.map((c) => mean(c.steps.map((s) => s.seam))));
      const c1 = mean(row.chains.map((c) => c.steps[0]!.colour));
      const cN = mean(row.chains.map((c) => c.steps.at(-1)!.colour));
      const s1 = mean(row.chains.map((c) => c.steps[0]!.strip));
      const sN = mean(row.chains.map((c) => c.steps.at(-1)!.strip));
      const share = hardSeam > 0 ? `${fmt((100 * seam1) / hardSeam, 0)} %` : '—';
      // Below 0.05 ΔE (no drift) a ratio is quantisation noise over quantisation noise.
      const ratio = s1 > 0.05 ? fmt(sN / s1) : '—';
      const zoneRatio = c1 > 0.05 ? fmt(cN / c1) : '—';
      const single = level === 'none' ? 0 : mean(row.singles.map((f) => f?.strip ?? Number.NaN));
      const proper = single > 0.05 ? fmt(sN / single) : '—';
      const singleCell = level === 'none' ? '—' : fmt(single);
      lines.push(
        `| ${row.method.label} | ${fmt(seam1)} | ${share} | ${fmt(seamAll)} | ${fmt(c1)} | ${fmt(cN)} | ${fmt(s1)} | ${fmt(sN)} | ${ratio} | ${singleCell} | ${proper} | ${zoneRatio} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '## Per photograph, step by step (colour error of the new strip; of the changed zone in brackets)',
  );
  lines.push('');
  for (const row of rows.filter((r) => r.level !== 'none')) {
    for (const [i, chain] of row.chains.entries()) {
      lines.push(
        `- ${row.level} · ${row.method.id} · ${PHOTOS[i]}: ${chain.steps.map((s) => fmt(s.strip)).join(' ')} (${chain.steps
          .map((s) => fmt(s.colour))
          .join(' ')})`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

function sub(n: number): string {
  return String(n)
    .split('')
    .map((d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)])
    .join('');
}

const LABEL_PX = 28;
const GAP = 4;

async function contactSheet(rows: Row[], truth: PixelBuffer): Promise<Uint8Array> {
  const sheetRows: Array<{ level: DriftLevel; step: number }> = [
    { level: 'mild', step: 1 },
    { level: 'strong', step: 1 },
    { level: 'strong', step: STEPS },
  ];
  const cols = METHODS.length + 1;
  const cellH = CROP_PX + LABEL_PX;
  const width = cols * (CROP_PX + GAP);
  const height = sheetRows.length * (cellH + GAP);
  const sheet = createPixelBuffer(width, height, 3, 255);
  const labels: string[] = [];
  for (const [r, { level, step }] of sheetRows.entries()) {
    const y = r * (cellH + GAP);
    const frontier = 1024 + 512 * (step - 1);
    const truthCrop = {
      x: frontier - CROP_PX / 2,
      y: (1024 - CROP_PX) / 2,
      width: CROP_PX,
      height: CROP_PX,
    };
    const cells: Array<{ label: string; image: PixelBuffer }> = [
      { label: `truth · ${level} · step ${step}`, image: crop(truth, truthCrop) },
    ];
    for (const method of METHODS) {
      const row = rows.find((x) => x.level === level && x.method.id === method.id)!;
      cells.push({ label: method.id, image: row.chains[0]!.crops.get(step)! });
    }
    for (const [c, cell] of cells.entries()) {
      const x = c * (CROP_PX + GAP);
      paste(sheet, cell.image, { x, y: y + LABEL_PX });
      labels.push(
        `<text x="${x + 6}" y="${y + LABEL_PX - 9}" font-family="DejaVu Sans" font-size="15">${cell.label}</text>`,
      );
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${labels.join('')}</svg>`;
  const png = await sharp(sheet.data, { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .png({ compressionLevel: 9 })
    .toBuffer();
  return new Uint8Array(png);
}

// `pnpm bench` / `pnpm bench:seams`; `BENCH=<other name>` (bench/run.ts' filter) skips it.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.BENCH === undefined || process.env.BENCH === 'seams') await writeSeamsResults();
}

export async function writeSeamsResults(): Promise<void> {
  const { markdown, sheet, photos, seconds } = await benchSeams();
  const dir = new URL('../../../../bench/results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL('seams.md', dir), markdown);
  await writeFile(new URL('seams.png', dir), sheet);
  // Every chain of the compounding table, step by step, for anyone re-aggregating the figures.
  await writeFile(
    new URL('seams-photos.json', dir),
    `${JSON.stringify({ at: new Date().toISOString(), photos }, null, 1)}\n`,
  );
  console.log(`seams: wrote bench/results/seams.md, seams.png and seams-photos.json in ${fmt(seconds, 0)} s`);
}
